"""``leadtrends_skills``: find taxonomy skills in an advert with phrase matchers.

Every name and alias is a phrase pattern. Most match case-insensitively (``LOWER``); the
ambiguous ones must match their exact case (``ORTH``):

* acronyms of up to five capitals ("UPS", "IAM", "SAP", "CSM", "AI") - in lower case they
  are ordinary words ("ups and downs", "sap") or too short to trust;
* the word-like names listed in ``leadtrends.case_sensitive_terms.v1`` ("Go", "Rust",
  "Swift", "Excel", "Chef", "SAFe"...), which are also common English words.

A word-like name that opens a sentence and is followed by a lower-case word ("Excel at...",
"Go above and beyond", "Swift response") reads as the English word and is dropped, unless
that word says it is the technology ("Go experience", "Excel skills").

Single letters ("C", "R", listed in ``leadtrends.context_guarded_terms.v1``) are grades,
sections and initials far more often than languages, so they count only in a technology
context: followed by a cue ("R programming", "C code") or listed next to another technical
skill ("Python, R and SQL"). "Lead" the metal is only ever matched inside longer names
("lead-based paint"), so "lead a team" never becomes a skill.

Overlapping matches keep the longest ("AWS Certified Solutions Architect" over "AWS").
Spans go to ``doc.spans["skills"]`` with ``span._.skill_id``, ``span._.skill_category`` and
``span._.extractor = "taxonomy"``.
Labels follow ESCO's split: technical and certification skills are "KNOWLEDGE" (things a
candidate knows or holds: tools, platforms, standards, certificates); leadership, business
and soft skills are "SKILL" (things a candidate does).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from leadtrends.model import Skill
from nlp.component import BatchComponent
from nlp.extensions import register_extensions, set_span_values, set_spans
from nlp.token_patterns import longest_first

KNOWLEDGE_CATEGORIES = frozenset({"technical", "certification"})
# a match before it becomes a span: (start, end, skill_id, category, label hash)
Candidate = tuple[int, int, str, str, int]
_MAX_ACRONYM_LETTERS = 5
_SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "-", "•", "*"})
_LIST_JOINERS = frozenset({"and", "or", "plus"})
_LIST_SEPARATORS = frozenset({",", "/", "(", ")", "&", "and", "or", "plus", "+"})
_ENGLISH_FIRST = frozenset({"Go", "Swift", "Excel"})
# words after a product name that show the product, not the English word, is meant
_TECH_CUES = frozenset({
    "programming", "language", "languages", "code", "coding", "developer", "developers",
    "development", "programmer", "programmers", "experience", "skills", "skill", "knowledge",
    "proficiency", "expertise", "certification", "scripts", "scripting", "services",
    "microservices", "applications", "apps", "spreadsheets", "modelling", "modeling", "macros",
    "formulas", "packages", "libraries", "stack"})


@spacy.registry.misc("leadtrends.case_sensitive_terms.v1")
def case_sensitive_terms() -> list[str]:
    """Names and aliases that are also everyday English words, so they must match exact case."""
    return ["Go", "Rust", "Swift", "Excel", "Chef", "Puppet", "Helm", "Bash", "React",
            "Angular", "Ruby", "Spark", "Snowflake", "Confluence", "Looker", "Workday", "SAFe",
            "Zoom", "Sage", "Tenable", "Purview", "Remedy", "Hive", "Presto", "Flask", "Consul",
            "Nomad", "Packer", "Maven", "Aurora", "Cypress", "Postman", "Playwright", "Airflow",
            "Selenium", "Cassandra", "Aruba", "Bamboo", "Spinnaker", "Flutter"]


@spacy.registry.misc("leadtrends.context_guarded_terms.v1")
def context_guarded_terms() -> list[str]:
    """Aliases that count only with a technology cue or beside another technical skill."""
    return ["C", "R"]


def is_acronym(term: str) -> bool:
    letters = [char for char in term if char.isalpha()]
    return (term.isupper() and 0 < len(letters) <= _MAX_ACRONYM_LETTERS and " " not in term)


def label_for(category: str) -> str:
    return "KNOWLEDGE" if category in KNOWLEDGE_CATEGORIES else "SKILL"


class SkillMatcher(BatchComponent):
    """Marks taxonomy skills in ``doc.spans[spans_key]``."""

    def __init__(self, nlp: Language, taxonomy: Sequence[Skill], case_sensitive: Iterable[str],
                 spans_key: str = "skills", context_guarded: Iterable[str] = ()) -> None:
        self.spans_key = spans_key
        self._guarded = frozenset(context_guarded)
        self.categories = {skill.skill_id: skill.category for skill in taxonomy}
        exact = {term.lower(): term for term in case_sensitive}
        self._exact_words: set[str] = set()
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_terms: dict[str, list[str]] = {}
        exact_terms: dict[str, list[str]] = {}
        for skill in taxonomy:
            for term in (skill.name, *skill.aliases):
                if term.lower() in exact:
                    # the listed spelling is the one that names the product
                    exact_terms.setdefault(skill.skill_id, []).append(exact[term.lower()])
                    self._exact_words.add(exact[term.lower()])
                elif is_acronym(term):
                    exact_terms.setdefault(skill.skill_id, []).append(term)
                else:
                    lower_terms.setdefault(skill.skill_id, []).append(term)
        strings = nlp.vocab.strings
        self._knowledge = strings.add("KNOWLEDGE")
        # what each match id stands for: (skill_id, category, label as a string hash)
        self._skills = {strings.add(skill.skill_id): (skill.skill_id, skill.category,
                                                      strings.add(label_for(skill.category)))
                        for skill in taxonomy}
        guarded_lower = {term.lower() for term in self._guarded}
        self._guarded_skills = frozenset(
            skill.skill_id for skill in taxonomy
            if guarded_lower.intersection(term.lower() for term in (skill.name, *skill.aliases)))
        for skill_id, terms in lower_terms.items():
            self.lower_matcher.add(skill_id, list(nlp.tokenizer.pipe(terms)))
        for skill_id, terms in exact_terms.items():
            self.exact_matcher.add(skill_id, list(nlp.tokenizer.pipe(terms)))

    def __call__(self, doc: Doc) -> Doc:
        # candidates as (start, end, skill_id, category, label) token bounds: a Span is made
        # only for the ones kept, and its values written only once
        candidates: list[Candidate] = []
        for matcher, exact in ((self.lower_matcher, False), (self.exact_matcher, True)):
            for match_id, start, end in matcher(doc):
                if exact and self._reads_as_english(doc, start, end):
                    continue
                candidates.append((start, end, *self._skills[match_id]))
        if self._guarded:
            candidates = self._drop_unsupported_guarded(doc, candidates)
        kept = longest_first(candidates)
        spans = [Span(doc, start, end, label=label) for start, end, *_, label in kept]
        offsets = [(span.start_char, span.end_char) for span in spans]
        for name, index in (("skill_id", 2), ("skill_category", 3)):
            set_span_values(doc, name, ((start, end, candidate[index])
                                        for (start, end), candidate in zip(offsets, kept)))
        set_span_values(doc, "extractor", ((start, end, "taxonomy") for start, end in offsets))
        set_spans(doc, self.spans_key, spans, offsets)
        return doc

    def _drop_unsupported_guarded(self, doc: Doc, candidates: list[Candidate]
                                  ) -> list[Candidate]:
        # only a skill with a guarded alias can have matched one
        guarded = [skill_id in self._guarded_skills and doc[start:end].text in self._guarded
                   for start, end, skill_id, *_ in candidates]
        if not any(guarded):
            return candidates
        # a guarded term next to a guarded term ("C / R") proves nothing, so only unguarded
        # technical spans can vouch for a list
        anchors = {token_index
                   for (start, end, *_, label), is_guarded in zip(candidates, guarded,
                                                                  strict=True)
                   if not is_guarded and label == self._knowledge
                   for token_index in range(start, end)}
        return [candidate for candidate, is_guarded in zip(candidates, guarded, strict=True)
                if not is_guarded or self._in_tech_context(doc, *candidate[:2], anchors)]

    @staticmethod
    def _in_tech_context(doc: Doc, start: int, end: int, anchors: set[int]) -> bool:
        if end < len(doc) and doc[end].lower_ in _TECH_CUES:
            return True
        for step, edge in ((1, end), (-1, start - 1)):
            index, separators = edge, 0
            while 0 <= index < len(doc) and doc[index].lower_ in _LIST_SEPARATORS \
                    and separators < 2:
                index += step
                separators += 1
            # only a list ("Python, R") counts: plain adjacency ("Grade C Python") does not
            if separators and 0 <= index < len(doc) and index in anchors:
                return True
        return False

    def _reads_as_english(self, doc: Doc, start: int, end: int) -> bool:
        """"Excel at..." / "Go to market": a listed word opening a sentence as a verb.

        Only when the next word is a function word, so "Go experience" or "Excel skills" in a
        bullet still count.
        """
        if end - start != 1:
            return False
        word = doc[start].text
        if word not in self._exact_words:
            return False
        opens_sentence = start == 0 or doc[start - 1].text in _SENTENCE_BREAKS \
            or "\n" in doc[start - 1].text_with_ws
        if not opens_sentence or end >= len(doc):
            return False
        following = doc[end]
        if following.lower_ in _TECH_CUES or following.lower_ in _LIST_JOINERS:
            return False
        if following.is_stop and following.is_lower:
            return True
        # "Swift response", "Go-live": these read as English before any ordinary word
        if word in _ENGLISH_FIRST:
            return (following.is_lower and following.is_alpha) or following.text == "-"
        return False


@Language.factory("leadtrends_skills", default_config={
    "taxonomy": {"@misc": "leadtrends.taxonomy.v1", "path": None},
    "case_sensitive": {"@misc": "leadtrends.case_sensitive_terms.v1"},
    "spans_key": "skills",
    "context_guarded": {"@misc": "leadtrends.context_guarded_terms.v1"},
})
def make_skill_matcher(nlp: Language, name: str, taxonomy: Any, case_sensitive: list[str],
                       spans_key: str, context_guarded: list[str]) -> SkillMatcher:
    # typed Any because config validation cannot check pydantic v2 models; inline configs
    # must be JSON, so plain dicts in the Skill shape are accepted too
    register_extensions()
    skills = [entry if isinstance(entry, Skill) else Skill.model_validate(entry)
              for entry in taxonomy]
    return SkillMatcher(nlp, skills, case_sensitive, spans_key, context_guarded)
