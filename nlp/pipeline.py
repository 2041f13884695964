"""Build the extract pipeline from ``nlp/config.cfg`` and run it over postings."""

from __future__ import annotations

import gc
import logging
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import ExperienceMention, Posting, SalaryFromText, SkillMention
from nlp.extensions import TEXT_KEY, doc_text, register_extensions
from nlp.requirements import sentence_bounds
from nlp.span_model import span_model_version
from nlp.taxonomy import ESCO_SKILL_PREFIX, TAXONOMY_VERSION

log = logging.getLogger(__name__)

DEFAULT_CONFIG_PATH = Path(__file__).parent / "config.cfg"

# Bump RULES_VERSION whenever a component, a registered rule or the config changes what is
# extracted; the taxonomy has its own version, so re-extraction can be traced to either.
RULES_VERSION = "2026.11.3"
PIPELINE_VERSION = f"{RULES_VERSION}+taxonomy.{TAXONOMY_VERSION}+{span_model_version()}"
MODEL_COMPONENT = "leadtrends_hybrid_skills"
# Postings per memory zone (see pipe_in_zones)
ZONE_POSTINGS = 1000

Item = TypeVar("Item")


class _Zones:
    """A pipeline's memory-zone state: whether it has read its first lot, and the lock
    that lets one lot at a time use its vocabulary (a zone's end frees every string made
    while it was open, another thread's included)."""

    def __init__(self) -> None:
        self.warm = False
        self.lock = threading.RLock()


_zones: weakref.WeakKeyDictionary[Language, _Zones] = weakref.WeakKeyDictionary()
_zones_lock = threading.Lock()


def _register_components() -> None:
    # importing the modules registers their factories and @misc rule functions
    from nlp import (  # noqa: F401
        education,
        experience,
        hybrid_skills,
        occupation,
        requirements,
        scope,
        sections,
        skills,
        taxonomy,
        title,
        tokenizer,
    )

    register_extensions()


def load_pipeline(config_path: str | Path | None = None, *, rules_only: bool = False,
                  esco: str | Path | None = None, onet: str | Path | None = None,
                  taxonomy: str | Path | None = None) -> Language:
    """The extract pipeline built from a config file (bundled one by default).

    ``rules_only`` leaves out the trained span model (taxonomy matches only); ``esco``, the
    ESCO classification CSV zip, links model spans the taxonomy does not know to ESCO skills;
    ``onet``, the O*NET 29.3 folder, lets titles no curated rule places find their SOC code;
    ``taxonomy`` replaces the bundled taxonomy (e.g. one extended by nlp.taxonomy_import).
    Cached per process and arguments: building the matchers and linker takes a moment.
    Building one also runs a full garbage collection and freezes every object then alive
    (``gc.freeze``), the pipeline's included, out of later collections' reach.
    """
    path = Path(config_path) if config_path is not None else DEFAULT_CONFIG_PATH
    files = {"esco": esco, "onet": onet, "taxonomy": taxonomy}
    data = {name: str(Path(value).resolve()) for name, value in files.items() if value is not None}
    return _load_pipeline(str(path.resolve()), rules_only, tuple(sorted(data.items())))


@lru_cache(maxsize=4)
def _load_pipeline(path: str, rules_only: bool, data: tuple[tuple[str, str], ...]
                   ) -> Language:
    _register_components()
    overrides = {f"paths.{name}": value for name, value in data}
    config = spacy.util.load_config(path, overrides=overrides, interpolate=False)
    exclude = [MODEL_COMPONENT] if rules_only else []
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True,
                                            exclude=exclude)
    # The pipeline lives as long as the process (this cache holds it). Its objects, and
    # spaCy's own (~95,000 in all), are moved out of the cyclic collector's generations,
    # which every full collection would otherwise walk again while adverts stream through
    # (40-55 ms each, two per 3,000 sample adverts: docs/BENCHMARKS.md). Objects are still
    # freed when nothing refers to them; only garbage cycles among them would stay, so the
    # ones there are now are collected first.
    gc.collect()
    gc.freeze()
    return nlp


def pipe_in_zones(nlp: Language, items: Iterable[Item],
                  make_doc: Callable[[Language, Item], Doc], batch_size: int = 64,
                  zone_size: int = ZONE_POSTINGS) -> Iterator[tuple[Doc, Item]]:
    """``nlp.pipe`` over ``(make_doc(nlp, item), item)`` pairs, ``zone_size`` items at a
    time inside ``Language.memory_zone()``: spaCy frees the strings and lexemes a zone's
    adverts added when it ends, so memory stays flat however many postings stream through
    (without zones every new word, reference number or name stays in the vocabulary).

    A doc is valid only until the zone it was made in ends, i.e. until the item after the
    last of its ``zone_size`` is asked for: read what you need from it before that.

    The first ``zone_size`` items a pipeline reads go outside a zone. Their words stay, and
    with them the tokenizer's cache, which spaCy does not fill inside a zone: with zones
    only, every advert's common words would be new to the tokenizer each time (2.5x slower
    on the sample adverts, docs/BENCHMARKS.md).

    Threads sharing a pipeline take turns, a lot at a time.
    """
    with _zones_lock:
        zones = _zones.setdefault(nlp, _Zones())
    iterator = iter(items)
    while chunk := list(islice(iterator, zone_size)):
        with zones.lock:
            warm, zones.warm = zones.warm, True
            with nlp.memory_zone() if warm else nullcontext():
                yield from nlp.pipe(((make_doc(nlp, item), item) for item in chunk),
                                    batch_size=batch_size, as_tuples=True)


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
    # the warehouse's skills dimension is the taxonomy: spans the model found but the
    # taxonomy does not list (unknown or ESCO-linked) stay in the extraction records only
    text = doc_text(doc)
    mentions = []
    for span in doc.spans.get("skills", []):
        extension = span._
        if not extension.skill_id or extension.skill_id.startswith(ESCO_SKILL_PREFIX):
            continue
        sentence_start, sentence_end = sentence_bounds(text, span.start_char)
        mentions.append(SkillMention(
            skill_id=extension.skill_id, text=span.text, start_char=span.start_char,
            end_char=span.end_char, section=extension.section, label=span.label_,
            requirement=extension.requirement, extractor=extension.extractor,
            sentence_start=sentence_start, sentence_end=max(sentence_end, span.end_char)))
    return mentions


def _experience(doc: Doc) -> list[ExperienceMention]:
    return [ExperienceMention(years=span._.years, text=span.text, start_char=span.start_char,
                              end_char=span.end_char, requirement=span._.requirement)
            for span in doc.spans.get("experience", []) if span._.years is not None]


def extracted_fields(doc: Doc) -> dict[str, Any]:
    """The Posting fields the extract stage fills, read off a processed doc."""
    budget = doc._.budget
    salary = doc._.salary or {}
    return {
        "role_family": doc._.role_family,
        "seniority": doc._.seniority,
        "soc_code": doc._.soc_code,
        # the lowest bar any alternative route sets (0 when one route needs none)
        "min_years_experience": doc._.min_years_across_paths,
        "max_years_experience": doc._.max_years_experience,
        "leadership_years": doc._.leadership_years,
        "experience": _experience(doc),
        "min_degree": doc._.min_degree,
        "fields_of_study": list(doc._.fields_of_study or []),
        "certifications": list(doc._.certifications or []),
        "team_size": doc._.team_size,
        "direct_reports": doc._.direct_reports,
        "budget_amount": budget[0] if budget else None,
        "budget_currency": budget[1] if budget else None,
        "reports_to": doc._.reports_to,
        "work_arrangement": doc._.work_arrangement,
        "salary_from_text": SalaryFromText(
            salary_min=salary.get("salary_min"), salary_max=salary.get("salary_max"),
            currency=salary.get("salary_currency"), period=salary.get("salary_period"),
            annual=salary.get("salary_annual")) if salary else None,
        "skills": _mentions(doc),
        "pipeline_version": PIPELINE_VERSION,
    }


def extract_postings(postings: Iterable[Posting], nlp: Language | None = None,
                     batch_size: int = 64, zone_size: int = ZONE_POSTINGS
                     ) -> Iterator[Posting]:
    """Yield a copy of each posting with every extraction field filled in.

    Lazy: postings are read ``zone_size`` at a time, each lot in a memory zone (see
    :func:`pipe_in_zones`), and processed in batches of ``batch_size``.
    """
    nlp = nlp if nlp is not None else load_pipeline()
    register_extensions()
    for doc, posting in pipe_in_zones(nlp, postings, _make_doc, batch_size, zone_size):
        yield posting.model_copy(update=extracted_fields(doc))
