"""Hybrid skill spans: taxonomy matches plus the trained SkillSpan model's spans.

``leadtrends_skills`` marks what the curated taxonomy lists. This component runs the trained
model (``nlp.span_model``) over the same advert and adds the spans the taxonomy missed, so
``doc.spans["skills"]`` holds both, each with:

* ``span._.extractor``: ``"taxonomy"`` or ``"model"`` (provenance for the warehouse);
* ``span._.skill_id``: for a model span, the taxonomy id when its text is a taxonomy term
  ("stakeholder management"), else the best ESCO skill URI above ``min_link_score`` when an
  ESCO file is configured (``esco_path``), else None; ``span._.link_score`` says how sure
  and ``span._.link_label`` names the ESCO skill.

A model span that overlaps a taxonomy span is dropped: the taxonomy match is the more
precise of the two. The model skips sections that describe the employer, not the job
(about the company, benefits, how to apply, equal opportunities), which also keeps it fast.
Raw model predictions stay in ``doc.spans["skillspan"]`` for inspection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from leadtrends.model import Skill
from nlp.extensions import register_extensions, set_spans
from nlp.linking import EscoLinker
from nlp.span_model import SpanModel, load_span_model

# spans of the model that are a taxonomy term once their edges are trimmed
_EDGE_JUNK = re.compile(r"^[\W_]+|[\W_]+$")
TokenRange = tuple[int, int]


@spacy.registry.misc("leadtrends.model_skip_sections.v1")
def model_skip_sections() -> list[str]:
    """Sections about the employer rather than the job: the model does not read them."""
    return ["about_company", "benefits", "application", "equal_opportunities"]


def term_key(text: str) -> str:
    return " ".join(_EDGE_JUNK.sub("", text.lower()).split())


class HybridSkills:
    """Adds the model's spans to ``doc.spans[skills_key]`` where the taxonomy found nothing."""

    def __init__(self, model: SpanModel, taxonomy: Sequence[Skill], skip_sections: Iterable[str],
                 skills_key: str = "skills", model_key: str = "skillspan",
                 linker: EscoLinker | None = None, min_link_score: float = 0.6) -> None:
        self.model = model
        self.skills_key = skills_key
        self.model_key = model_key
        self.skip_sections = frozenset(skip_sections)
        self.linker = linker
        self.min_link_score = min_link_score
        self.terms: dict[str, Skill] = {}
        for skill in taxonomy:
            for term in (skill.name, *skill.aliases):
                self.terms.setdefault(term_key(term), skill)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            ranges = [self._model_ranges(doc) for doc in batch]
            found = self._predict(batch, ranges)
            for doc, spans in zip(batch, found, strict=True):
                self._merge(doc, spans)
                yield doc

    def _model_ranges(self, doc: Doc) -> list[TokenRange]:
        """Token ranges outside the skipped sections (the whole doc when none are marked)."""
        skipped = [(start, end) for start, end, name in doc._.sections or ()
                   if name in self.skip_sections]
        if not skipped:
            return [(0, len(doc))] if len(doc) else []
        ranges, cursor = [], 0
        for start_char, end_char in sorted(skipped):
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is None:
                continue
            if span.start > cursor:
                ranges.append((cursor, span.start))
            cursor = max(cursor, span.end)
        if cursor < len(doc):
            ranges.append((cursor, len(doc)))
        return ranges

    def _predict(self, docs: Sequence[Doc], ranges: Sequence[list[TokenRange]]
                 ) -> list[list[Span]]:
        # every kept range of every doc goes through the model in one nlp.pipe call
        pieces = [(index, start, end) for index, doc_ranges in enumerate(ranges)
                  for start, end in doc_ranges]
        found: list[list[Span]] = [[] for _ in docs]
        # the copies live in the model's own vocab: its memory zone frees their strings
        # after the batch, as the caller's zone does for the product's docs
        with self.model.nlp.memory_zone():
            copies = (self.model.copy_tokens(docs[i], start, end) for i, start, end in pieces)
            for (index, offset, _), ents in zip(pieces, self.model.pipe_ents(copies),
                                                strict=True):
                found[index].extend(Span(docs[index], offset + start, offset + end, label=label)
                                    for start, end, label in ents)
        return found

    def _merge(self, doc: Doc, predicted: list[Span]) -> None:
        predicted.sort(key=lambda span: (span.start, span.end, span.label_))
        doc.spans[self.model_key] = predicted
        taxonomy_spans = list(doc.spans.get(self.skills_key, []))
        covered = {i for span in taxonomy_spans for i in range(span.start, span.end)}
        added = []
        for span in predicted:
            if covered.intersection(range(span.start, span.end)):
                continue
            span._.extractor = "model"
            self._identify(span)
            added.append(span)
        set_spans(doc, self.skills_key, sorted(taxonomy_spans + added,
                                               key=lambda span: (span.start, span.end)))

    def _identify(self, span: Span) -> None:
        skill = self.terms.get(term_key(span.text))
        if skill is not None:
            span._.skill_id = skill.skill_id
            span._.skill_category = skill.category
            span._.link_score = 1.0
            return
        if self.linker is None:
            return
        links = self.linker.link(span.text, k=1)
        if links and links[0].score >= self.min_link_score:
            span._.skill_id = links[0].esco_uri
            span._.link_score = links[0].score
            span._.link_label = links[0].label


@Language.factory("leadtrends_hybrid_skills", default_config={
    "model_dir": None,
    "taxonomy": {"@misc": "leadtrends.taxonomy.v1", "path": None},
    "skip_sections": {"@misc": "leadtrends.model_skip_sections.v1"},
    "skills_key": "skills",
    "model_key": "skillspan",
    "esco_path": None,
    "min_link_score": 0.6,
})
def make_hybrid_skills(nlp: Language, name: str, model_dir: str | None, taxonomy: Any,
                       skip_sections: list[str], skills_key: str, model_key: str,
                       esco_path: str | None, min_link_score: float) -> HybridSkills:
    register_extensions()
    skills = [entry if isinstance(entry, Skill) else Skill.model_validate(entry)
              for entry in taxonomy]
    linker = EscoLinker.from_esco_zip(esco_path) if esco_path else None
    return HybridSkills(load_span_model(model_dir), skills, skip_sections, skills_key,
                        model_key, linker, min_link_score)
