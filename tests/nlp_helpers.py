"""Helpers shared by the tests of the extract pipeline's components."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import Posting
from nlp.pipeline import _make_doc


def read_advert(nlp: Language, description: str, title: str = "Head of IT") -> Doc:
    """``description`` run through ``nlp`` the way the extract stage runs a posting."""
    posting = Posting(source="test", source_id="1", url="https://example.test/1", title=title,
                      scraped_at="2026-01-01T00:00:00Z", description=description)
    return nlp(_make_doc(nlp, posting))
