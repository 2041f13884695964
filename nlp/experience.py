"""``leadtrends_experience``: the minimum years of experience an advert asks for.

A token pattern finds every duration ("5+ years", "3-5 years", "minimum of three years",
"18 months", "ten-plus years", "5yrs"); the context around it decides whether it is about
the candidate's experience. It counts when:

* "experience", "expertise" or "worked" is nearby (after it in the same sentence, or shortly
  before), or
* it is followed by a gerund ("5 years managing teams", "over 10 years leading..."), or
* it is followed by "in"/"as"/"at" ("3-5 years in a similar role", "as a manager").

Hard negatives win over all of that: "within 2 years", "the last five years", "founded 25
years ago", "10 years of history", "18 years of age", "a 2 year contract". Ranges count
their lower bound, months count as fractions of a year, and the posting's minimum is the
smallest requirement found (the entry bar), or None when the advert states none.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from leadtrends.textfold import Literals
from nlp.component import BatchComponent
from nlp.extensions import (
    doc_folded,
    doc_text,
    register_extensions,
    set_doc_values,
    set_span_values,
    set_spans,
    span_offsets,
    span_values,
)
from nlp.token_patterns import WindowMatcher, longest_first

_UNITS_YEAR = ["year", "years", "yr", "yrs"]
_UNITS_MONTH = ["month", "months"]
_GLUED = re.compile(r"^(\d+(?:\.\d+)?)\+?(?:yrs?|years?)$", re.IGNORECASE)
_GLUED_ANYWHERE = re.compile(r"\d\+?(?:yrs?|years?)\b", re.IGNORECASE)
_UNITS = frozenset(_UNITS_YEAR + _UNITS_MONTH)
# what every unit word opens on ("years", "yrs", "Months"), looked up in the folded text
_UNIT_OPENINGS = Literals(("year", "yr", "month"))
_DASHED_RANGE = re.compile(r"^(\d+(?:\.\d+)?)[–—-](\d+(?:\.\d+)?)\+?$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_SENTENCE_END = frozenset({".", "!", "?", ";"})
_MAX_YEARS = 40.0
_WINDOW = 8
_DURATIONS_KEY = "leadtrends_durations"
_RULED_OUT_KEY = "leadtrends_ruled_out"


@spacy.registry.misc("leadtrends.experience_patterns.v1")
def experience_patterns() -> list[list[dict[str, Any]]]:
    """Token patterns for a stated duration; the context check happens afterwards."""
    number = {"LIKE_NUM": True}
    unit = {"LOWER": {"IN": _UNITS_YEAR + _UNITS_MONTH}}
    plus = {"ORTH": {"IN": ["+", "plus", "Plus"]}, "OP": "?"}
    dash = {"ORTH": {"IN": ["-", "–", "—"]}, "OP": "?"}
    joiner = {"LOWER": {"IN": ["-", "–", "—", "to", "or", "and"]}}
    return [
        [number, dash, plus, unit],                                    # 5 years, 5+ years, ten-plus
        [number, joiner, number, plus, unit],                          # 3-5 years, 3 to 5 years
        [number, {"LOWER": "or"}, {"LOWER": {"IN": ["more", "over"]}}, unit],  # five or more
        [number, {"ORTH": "("}, number, {"ORTH": ")"}, plus, unit],     # five (5) years
        [{"TEXT": {"REGEX": _DASHED_RANGE.pattern}}, unit],            # 12–18 months
        [{"TEXT": {"REGEX": _GLUED.pattern}}],                         # 5yrs
    ]


@spacy.registry.misc("leadtrends.experience_cues.v1")
def experience_cues() -> dict[str, list[str]]:
    """Words that make a duration about experience, or rule it out."""
    return {
        # before the number: the duration is a deadline, a period of history or an age
        "negative_before": ["within", "after", "every", "last", "past", "next", "first",
                            "founded", "established", "since", "aged", "age", "celebrating",
                            "celebrate", "anniversary", "trading", "for", "to", "in"],
        # right after the unit (skipping "of", apostrophes): not a requirement
        "negative_after": ["ago", "old", "age", "history", "heritage", "contract", "warranty",
                           "fixed", "term", "guarantee", "anniversary", "running", "young",
                           "later", "from", "before", "business", "existence", "growth",
                           "service", "tenure", "combined"],
        # prefixes: "experience" also covers "experienced"
        "experience": ["experience", "expertise", "background", "worked"],
        "linkers": ["in", "as", "at", "within", "working", "across"],
        "not_gerunds": ["during", "including", "following", "something", "nothing",
                        "according", "regarding", "remaining", "starting", "beginning",
                        "running", "ending", "being"],
        # stepped over when looking for the word that governs the number ("at least five")
        "qualifiers": ["least", "minimum", "min", "over", "more", "than", "plus", "around",
                       "approximately", "about", "roughly", "of", "a", "the"],
    }


_WORD_NUMBERS = {word: value for value, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty"])}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40})


def number_value(text: str) -> float | None:
    cleaned = text.lower().replace(",", "")
    if _NUMBER.match(cleaned):
        return float(cleaned)
    return float(_WORD_NUMBERS[cleaned]) if cleaned in _WORD_NUMBERS else None


def duration_years(span: Span) -> float | None:
    """Lower bound of the duration a matched span states, in years."""
    if len(span) == 1:
        glued = _GLUED.match(span.text)
        return float(glued.group(1)) if glued else None
    unit = span[-1].lower_
    first = span[0].text
    dashed = _DASHED_RANGE.match(first)
    value = float(dashed.group(1)) if dashed else number_value(first)
    if value is None:
        return None
    years = value / 12 if unit in _UNITS_MONTH else value
    return round(years, 2)


def _unit_token(doc: Doc, char: int) -> int | None:
    """Index of the token starting at ``char`` when it is a unit word ("years", "Months")."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or span[0].idx != char or span[0].lower_ not in _UNITS:
        return None
    return span.start


class ExperienceFinder(BatchComponent):
    """Sets ``doc._.min_years_experience`` and ``doc.spans[spans_key]`` (label EXPERIENCE)."""

    def __init__(self, nlp: Language, patterns: list[list[dict[str, Any]]],
                 cues: dict[str, list[str]], spans_key: str = "experience") -> None:
        self.spans_key = spans_key
        self.matcher = WindowMatcher(nlp.vocab, "DURATION", patterns, greedy="LONGEST")
        self._label = nlp.vocab.strings.add("EXPERIENCE")
        # finders built from the same patterns (experience and its paths) share the
        # durations found on a doc
        digest = hashlib.sha1(json.dumps(patterns, sort_keys=True).encode()).hexdigest()
        self._durations_key = f"{_DURATIONS_KEY}.{digest[:16]}"
        # and, with the same cues too, which of those durations their context rules out
        digest = hashlib.sha1(json.dumps([patterns, cues], sort_keys=True).encode()).hexdigest()
        self._ruled_out_key = f"{_RULED_OUT_KEY}.{digest[:16]}"
        self.reach = max(len(pattern) for pattern in patterns)
        self.negative_before = frozenset(cues["negative_before"])
        self.negative_after = frozenset(cues["negative_after"])
        self.experience = tuple(cues["experience"])
        self.linkers = frozenset(cues["linkers"])
        self.not_gerunds = frozenset(cues["not_gerunds"])
        self.qualifiers = frozenset(cues["qualifiers"])

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        stated: list[float] = []
        for span in self.durations(doc):
            years = duration_years(span)
            if years is None or years > _MAX_YEARS or not self.is_experience(span):
                continue
            found.append(span)
            stated.append(years)
        offsets = [(span.start_char, span.end_char) for span in found]
        set_span_values(doc, "years", ((start, end, years)
                                       for (start, end), years in zip(offsets, stated)))
        set_spans(doc, self.spans_key, found, offsets)
        set_doc_values(doc, min_years_experience=min(stated, default=None))
        return doc

    def durations(self, doc: Doc) -> list[Span]:
        """Every stated duration, overlapping matches resolved as ``filter_spans`` would.

        Matched once per doc and patterns; later calls rebuild the spans from token offsets.
        """
        bounds = doc.user_data.get(self._durations_key)
        if bounds is None:
            bounds = longest_first(self._durations(doc))
            doc.user_data[self._durations_key] = bounds
        return [Span(doc, start, end, label=self._label) for start, end in bounds]

    def _durations(self, doc: Doc) -> list[tuple[int, int]]:
        text, folded = doc_text(doc), doc_folded(doc)
        # where a unit word may be: "year", "yr", "month" (and "years"...) in the folded text;
        # "y" and "m" only open these words, so no unit token can start inside a match
        starts = sorted(_UNIT_OPENINGS.starts(folded))
        # a glued "5yrs" has a digit or "+" right before its "y"
        if any(start and (folded[start - 1].isdecimal() or folded[start - 1] == "+")
               for start in starts) and _GLUED_ANYWHERE.search(text):
            windows = [doc[:]]
        else:
            # every pattern but the glued one ends on a unit word, so the matcher only needs
            # to look just before each "years"/"months": far cheaper than scanning the advert
            ends = [index for index in (_unit_token(doc, start) for start in starts)
                    if index is not None]
            windows = [doc[max(0, end - self.reach): end + 1] for end in ends]
        return [bounds for window in windows for bounds in self.matcher(window)]

    def ruled_out(self, span: Span) -> bool:
        """Whether the words around a duration rule it out as a requirement (history, an
        age, a deadline: see ``negative_before``/``negative_after``). Read once per doc and
        duration (the experience and path readers both ask)."""
        return self._ruled_out_cached(span, None, None)

    def _ruled_out_cached(self, span: Span, before: list[Token] | None,
                          after: list[Token] | None) -> bool:
        answers = span.doc.user_data.setdefault(self._ruled_out_key, {})
        key = f"{span.start}:{span.end}"
        answer = answers.get(key)
        if answer is None:
            answer = answers[key] = self._ruled_out(
                span, self._before(span) if before is None else before,
                self._after(span) if after is None else after)
        return answer

    def is_experience(self, span: Span) -> bool:
        before = self._before(span)
        after = self._after(span)
        if self._ruled_out_cached(span, before, after):
            return False
        if any(token.lower_.startswith(self.experience) for token in after + before):
            return True
        following = self._skip_fillers(after)
        if following is None:
            return False
        return following.lower_ in self.linkers or self._is_gerund(following)

    def _ruled_out(self, span: Span, before: list[Token], after: list[Token]) -> bool:
        # the word right before the number, stepping over "at least", "more than", ...
        previous = [token.lower_ for token in before[-3:]]
        near = previous[-1:] if previous[-1:] and previous[-1] not in self.qualifiers \
            else previous
        if any(word in self.negative_before for word in near) \
                and not self._qualified(previous):
            return True
        following = self._skip_fillers(after)
        return following is not None and following.lower_ in self.negative_after

    def _qualified(self, previous: list[str]) -> bool:
        # "more than 5", "no less than 5" are requirements even though "than" is listed
        return previous[-2:] in (["more", "than"], ["less", "than"], ["at", "least"],
                                 ["a", "minimum"])

    def _skip_fillers(self, after: list[Token]) -> Token | None:
        for token in after:
            if token.is_punct or token.lower_ in ("of", "'s", "s", "or", "more", "+"):
                continue
            return token
        return None

    def _is_gerund(self, token: Token) -> bool:
        word = token.lower_
        return token.is_alpha and len(word) > 4 and word.endswith("ing") \
            and word not in self.not_gerunds

    def _before(self, span: Span) -> list[Token]:
        tokens: list[Token] = []
        for index in range(span.start - 1, max(span.start - 1 - _WINDOW, -1), -1):
            token = span.doc[index]
            if token.text in _SENTENCE_END or "\n" in token.text_with_ws:
                break
            tokens.append(token)
        return tokens[::-1]

    def _after(self, span: Span) -> list[Token]:
        tokens: list[Token] = []
        if "\n" in span[-1].text_with_ws:
            return tokens
        for index in range(span.end, min(span.end + _WINDOW, len(span.doc))):
            token = span.doc[index]
            if token.text in _SENTENCE_END:
                break
            tokens.append(token)
            if "\n" in token.text_with_ws:
                break
        return tokens


@Language.factory("leadtrends_experience", default_config={
    "patterns": {"@misc": "leadtrends.experience_patterns.v1"},
    "cues": {"@misc": "leadtrends.experience_cues.v1"},
    "spans_key": "experience",
})
def make_experience_finder(nlp: Language, name: str, patterns: list[list[dict[str, Any]]],
                           cues: dict[str, list[str]], spans_key: str) -> ExperienceFinder:
    register_extensions()
    return ExperienceFinder(nlp, patterns, cues, spans_key)


# ---- requirement paths: the entry bar, the longest route, leadership and per-skill years ----

_RANGE_UPPER = re.compile(r"^(?:\d+(?:\.\d+)?)[–—-](\d+(?:\.\d+)?)\+?$")
_LEADERSHIP = re.compile(
    r"supervis|managerial|\bleader(?:ship)?\b|\bexecutive capacity|\badministrative capacity"
    r"|policy-making capacity|people management|line management|people leadership"
    r"|managing (?:a |the )?(?:teams?|staff|people|engineers|managers)"
    r"|leading (?:a |the )?(?:teams?|staff|people|engineers|managers)"
    r"|\bmanagement experience|\bmanaging direct reports", re.IGNORECASE)
# how far from a duration a leadership cue may sit, in characters
_LEAD_AFTER = 160
_LEAD_BEFORE = 45
# how far after a duration the skill it is about may sit ("5+ years of Python")
_SKILL_REACH = 60
_CLAUSE_END = re.compile(r"[.;!?\n]")
# "a four-year high school diploma", "a two-year degree": schooling, not experience
_NOT_EXPERIENCE_AFTER = re.compile(
    r"[\s-]*(?:high school|college|degree|diploma|baccalaureate|undergraduate|program|course"
    r"|university|institution)", re.IGNORECASE)
# "to equal a total of ten years of education and experience": a sum, not a bar of its own
_NOT_EXPERIENCE_BEFORE = re.compile(r"(?:total|equivalent) of\s*$", re.IGNORECASE)
_BEFORE_REACH = 40


def duration_upper(span: Span) -> float | None:
    """Upper bound of a matched duration in years: "3-5 years" is 5, "5+ years" is 5."""
    lower = duration_years(span)
    if lower is None or len(span) == 1:
        return lower
    dashed = _RANGE_UPPER.match(span[0].text)
    value: float | None = None
    if dashed:
        value = float(dashed.group(1))
    elif len(span) >= 4 and span[1].lower_ in ("-", "–", "—", "to", "or", "and"):
        value = number_value(span[2].text)  # None for "five or more years"
    if value is None or value < (lower if span[-1].lower_ in _UNITS_YEAR else lower * 12):
        return lower
    return round(value / 12 if span[-1].lower_ in _UNITS_MONTH else value, 2)


def _path_durations(finder: ExperienceFinder, doc: Doc) -> list[tuple[Span, float]]:
    """Every stated duration not ruled out as history, age or a deadline, with its years.

    Inside a qualifications path the context check is looser than for free text: "18
    months of which must have been in a supervisory capacity" is a requirement even
    though "experience" is not nearby.
    """
    found = []
    text = doc_text(doc)
    for span in finder.durations(doc):
        years = duration_years(span)
        if years is None or years > _MAX_YEARS:
            continue
        # the "total of" check reads only the words just before the duration
        if finder.ruled_out(span) \
                or _NOT_EXPERIENCE_AFTER.match(text, span.end_char) \
                or _NOT_EXPERIENCE_BEFORE.search(text, max(0, span.start_char - _BEFORE_REACH),
                                                 span.start_char):
            continue
        found.append((span, years))
    return found


def _is_leadership(text: str, span: Span, next_start: int) -> bool:
    end = min(next_start, span.end_char + _LEAD_AFTER)
    after = text[span.end_char:end]
    clause = _CLAUSE_END.search(after)
    after = after[:clause.start()] if clause else after
    before = text[max(0, span.start_char - _LEAD_BEFORE):span.start_char]
    before = _CLAUSE_END.split(before)[-1]
    return bool(_LEADERSHIP.search(after) or _LEADERSHIP.search(before))


class ExperiencePaths(BatchComponent):
    """Reads the qualification paths of an advert and the durations inside them.

    Sets ``doc._.experience_paths`` (years each alternative path asks for, None when a
    path asks for none), ``doc._.min_years_across_paths`` (the lowest bar: 0 when one
    alternative needs no experience at all), ``doc._.max_years_experience`` (the longest
    route, or the top of a "3-5 years" range), ``doc._.leadership_years`` (supervisory,
    managerial or leadership experience asked for) and ``doc._.skill_years``
    ({skill_id: years} for "5+ years of Python"). ``doc._.min_years_experience`` from
    ``leadtrends_experience`` is left as it is.
    """

    def __init__(self, nlp: Language, patterns: list[list[dict[str, Any]]],
                 cues: dict[str, list[str]], spans_key: str, skills_key: str) -> None:
        self.finder = ExperienceFinder(nlp, patterns, cues, spans_key="_unused")
        self.spans_key = spans_key
        self.skills_key = skills_key

    def __call__(self, doc: Doc) -> Doc:
        from nlp.requirements import doc_paths  # late: requirements imports extensions only

        text = doc_text(doc)
        paths = doc_paths(doc)
        durations = _path_durations(self.finder, doc)
        per_path: list[float | None] = []
        uppers: list[float] = []
        leadership: list[float] = []
        for ranges in paths:
            inside = [(span, years) for span, years in durations
                      if any(start <= span.start_char < end for start, end in ranges)]
            per_path.append(max((years for _, years in inside), default=None))
            for index, (span, years) in enumerate(inside):
                upper = duration_upper(span)
                if upper is not None:
                    uppers.append(upper)
                following = inside[index + 1][0].start_char if index + 1 < len(inside) \
                    else len(text)
                if _is_leadership(text, span, following):
                    leadership.append(years)
        stated = [years for years in per_path if years is not None]
        if not stated:
            across_paths = None
        elif len(per_path) > 1 and len(stated) < len(per_path):
            across_paths = 0.0
        else:
            across_paths = min(stated)
        set_doc_values(doc, min_years_across_paths=across_paths, experience_paths=per_path,
                       max_years_experience=max(uppers, default=None),
                       leadership_years=min(leadership, default=None),
                       skill_years=self._skill_years(doc, text))
        return doc

    def _skill_years(self, doc: Doc, text: str) -> dict[str, float]:
        years: dict[str, float] = {}
        durations = span_offsets(doc, self.spans_key)
        reaches = []  # (from, to, years): where the skill a duration is about may start
        for (_, end), stated in zip(durations, span_values(doc, "years", durations),
                                    strict=True):
            reach = text[end:end + _SKILL_REACH]
            stop = _CLAUSE_END.search(reach)
            reaches.append((end, end + (stop.start() if stop else len(reach)), stated))
        if not reaches:
            return years
        near = [(skill, stated) for skill in span_offsets(doc, self.skills_key)
                for low, high, stated in reaches if low <= skill[0] < high]
        for skill_id, (_, stated) in zip(span_values(doc, "skill_id", (skill for skill, _ in near)),
                                         near, strict=True):
            if skill_id:
                years[skill_id] = max(years.get(skill_id, 0.0), stated)  # type: ignore[index]
        return years


def register_path_extensions() -> None:
    for name, default in (("experience_paths", None), ("min_years_across_paths", None),
                          ("max_years_experience", None), ("leadership_years", None),
                          ("skill_years", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


@Language.factory("leadtrends_experience_paths", default_config={
    "patterns": {"@misc": "leadtrends.experience_patterns.v1"},
    "cues": {"@misc": "leadtrends.experience_cues.v1"},
    "spans_key": "experience",
    "skills_key": "skills",
})
def make_experience_paths(nlp: Language, name: str, patterns: list[list[dict[str, Any]]],
                          cues: dict[str, list[str]], spans_key: str,
                          skills_key: str) -> ExperiencePaths:
    register_extensions()
    register_path_extensions()
    return ExperiencePaths(nlp, patterns, cues, spans_key, skills_key)
