"""The leadtrends extract pipeline (spaCy). ``nlp.load()`` returns it ready to use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


def load() -> Language:
    """The extract pipeline (cached per process). Call it on a text or a pre-tokenised Doc;
    set ``doc._.title`` first for role and seniority."""
    # Imported here so that importing nlp.* modules stays light.
    from nlp.pipeline import load_pipeline

    return load_pipeline()
