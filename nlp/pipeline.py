"""Build the extract pipeline from ``nlp/config.cfg`` and run it over postings."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import Posting, SkillMention
from nlp.extensions import TEXT_KEY, register_extensions
from nlp.taxonomy import TAXONOMY_VERSION

log = logging.getLogger(__name__)

DEFAULT_CONFIG_PATH = Path(__file__).parent / "config.cfg"

# Bump RULES_VERSION whenever a component, a registered rule or the config changes what is
# extracted; the taxonomy has its own version, so re-extraction can be traced to either.
RULES_VERSION = "2026.11.0"
PIPELINE_VERSION = f"{RULES_VERSION}+taxonomy.{TAXONOMY_VERSION}"


def _register_components() -> None:
    # importing the modules registers their factories and @misc rule functions
    from nlp import experience, sections, skills, taxonomy, title, tokenizer  # noqa: F401

    register_extensions()


def load_pipeline(config_path: str | Path | None = None) -> Language:
    """The extract pipeline built from a config file (bundled one by default).

    Cached per process and config path: building the phrase matchers takes a moment.
    """
    path = Path(config_path) if config_path is not None else DEFAULT_CONFIG_PATH
    return _load_pipeline(str(path.resolve()))


@lru_cache(maxsize=4)
def _load_pipeline(path: str) -> Language:
    _register_components()
    config = spacy.util.load_config(path, interpolate=False)
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


def _make_doc(nlp: Language, posting: Posting) -> Doc:
    text = posting.description
    if len(text) > nlp.max_length:
        log.warning("%s: description of %d characters truncated to %d", posting.key,
                    len(text), nlp.max_length)
        text = text[:nlp.max_length]
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    doc._.title = posting.title
    return doc


def _mentions(doc: Doc) -> list[SkillMention]:
    return [SkillMention(skill_id=span._.skill_id, text=span.text, start_char=span.start_char,
                         end_char=span.end_char, section=span._.section)
            for span in doc.spans.get("skills", [])]


def extract_postings(postings: Iterable[Posting], nlp: Language | None = None,
                     batch_size: int = 64) -> Iterator[Posting]:
    """Yield a copy of each posting with role, seniority, experience and skills filled in.

    Lazy: postings are read, processed and yielded in batches of ``batch_size``.
    """
    nlp = nlp if nlp is not None else load_pipeline()
    register_extensions()
    docs = ((_make_doc(nlp, posting), posting) for posting in postings)
    for doc, posting in nlp.pipe(docs, batch_size=batch_size, as_tuples=True):
        yield posting.model_copy(update={
            "role_family": doc._.role_family,
            "seniority": doc._.seniority,
            "min_years_experience": doc._.min_years_experience,
            "skills": _mentions(doc),
            "pipeline_version": PIPELINE_VERSION,
        })
