"""``leadtrends_requirements``: is each extracted span required or preferred?

An advert says what it insists on and what it would merely like in two ways: by section
("Requirements", "Minimum qualifications" versus "Nice to have", "Preferred skills") and by
cue words in the sentence itself ("... is a plus", "desirable", "must have"). A cue in the
sentence wins over the section, because "Requirements" lists often end with "Experience with
Terraform is a plus". Spans outside any requirement-like section and without a cue get None:
a skill named in "About us" is not asked of anyone.

This module also splits a qualifications text into its alternative *paths* ("1. A degree and
four years ...; or 2. A diploma and eight years ...; or 3. Education and/or experience
equivalent ..."), which the experience and education components read. Text that only
applies beyond the entry bar (higher assignment levels, substitution rules, the "However,
all candidates must ..." floor) is left out of the paths: it restates or relaxes a path
rather than adding one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import pairwise

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from leadtrends.model import Requirement
from nlp.component import BatchComponent
from nlp.extensions import (
    doc_folded,
    doc_text,
    register_extensions,
    section_in,
    set_span_values,
    span_offsets,
)
from nlp.prefilter import Prefiltered, fold

REQUIRED_SECTIONS = frozenset({"requirements", "qualifications"})
PREFERRED_SECTIONS = frozenset({"nice_to_have"})
# sections whose text never states what the candidate needs
NOT_REQUIREMENTS = frozenset({"about_company", "benefits", "application", "equal_opportunities",
                              "nice_to_have"})


@spacy.registry.misc("leadtrends.requirement_cues.v1")
def requirement_cues() -> dict[str, list[str]]:
    """Regular expressions (case-insensitive) that mark a sentence as preferred or required."""
    return {
        "preferred": [r"\bpreferred\b", r"\bpreferably\b", r"\bdesirable\b", r"\bdesired\b",
                      r"\ba plus\b", r"\bnice[- ]to[- ]have\b", r"\bbonus\b", r"\bideally\b",
                      r"\badvantage(?:ous)?\b", r"\bwould be great\b", r"\bbeneficial\b",
                      r"\bhelpful\b", r"\bnot (?:essential|required)\b", r"\ba big plus\b"],
        "required": [r"\bmust\b", r"\brequired\b", r"\brequirements?\b", r"\bessential\b",
                     r"\bminimum\b", r"\bmandatory\b", r"\bat least\b"],
    }


def _compile(words: list[str]) -> Prefiltered:
    return Prefiltered("|".join(f"(?:{word})" for word in words), re.IGNORECASE)


# A full stop, "!", "?" or ";" before a space, or a line break; "U.S. Secretary of
# Education" does not end a sentence. (Written to open on a character class, which ``re``
# scans for far faster than for a look-behind.)
_SENTENCE_BREAK = re.compile(r"[.!?;\n](?:(?<=\n)|(?<!\b[A-Z].)(?=\s))")


# Components run batch by batch (64 docs by default), so the cache must hold a batch: the
# education and requirement readers and the pipeline's mentions each ask for every doc.
@lru_cache(maxsize=256)
def _sentence_breaks(text: str) -> list[int]:
    # one scan per advert (str hashes are cached, so the lookup is cheap); every span of
    # the advert then finds its sentence by bisection instead of rescanning the text. A
    # break is one character, so the sentence after it starts one further on.
    return list(map(re.Match.start, _SENTENCE_BREAK.finditer(text)))


def sentence_bounds(text: str, char: int) -> tuple[int, int]:
    """Start and end of the sentence (or line, or bullet) holding ``char``."""
    return _bounds(_sentence_breaks(text), len(text), char)


def _bounds(breaks: list[int], length: int, char: int) -> tuple[int, int]:
    """:func:`sentence_bounds` given the text's breaks and length."""
    before = bisect_left(breaks, char)  # the breaks before char (a break at char ends it)
    return (breaks[before - 1] + 1 if before else 0), (breaks[before] if before < len(breaks)
                                                       else length)


class RequirementMarker(BatchComponent):
    """Sets ``span._.requirement`` on every span in ``doc.spans[key]`` for ``spans_keys``."""

    def __init__(self, cues: dict[str, list[str]], spans_keys: list[str]) -> None:
        self.preferred = _compile(cues["preferred"])
        self.required = _compile(cues["required"])
        self.spans_keys = spans_keys

    def _level(self, text: str, start: int, end: int, section: str | None,
               cues: tuple[list[int] | None, list[int] | None]) -> Requirement | None:
        # a sentence starts after a break character, so searching its range of the text
        # reads it as searching the sentence on its own would
        if self.preferred.search_in(text, cues[0], start, end):
            return "preferred"
        if section in PREFERRED_SECTIONS:
            return "preferred"
        if section in REQUIRED_SECTIONS or self.required.search_in(text, cues[1], start, end):
            return "required"
        return None

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sections = doc._.sections or ()
        breaks, length = _sentence_breaks(text), len(text)
        # each span's sentence (stretched to the span's end) and section
        spans = []
        for key in self.spans_keys:
            for start, end in span_offsets(doc, key):
                sentence_start, sentence_end = _bounds(breaks, length, start)
                spans.append((start, end, (sentence_start, max(sentence_end, end),
                                           section_in(sections, start))))
        if not spans:
            return doc
        # where each cue may be, found once per advert (between its first and last span's
        # sentences) rather than once per sentence
        low = min(sentence[0] for _, _, sentence in spans)
        high = max(sentence[1] for _, _, sentence in spans)
        folded = doc_folded(doc)
        cues = (self.preferred.starts(text, folded, low, high),
                self.required.starts(text, folded, low, high))
        # an advert's spans share a few dozen sentences, and a sentence's cues and section
        # do not change between them: one answer per sentence
        levels: dict[tuple[int, int, str | None], Requirement | None] = {}
        for _, _, sentence in spans:
            if sentence not in levels:
                levels[sentence] = self._level(text, *sentence, cues)
        set_span_values(doc, "requirement", ((start, end, levels[sentence])
                                             for start, end, sentence in spans))
        return doc


def register_requirement_extensions() -> None:
    if not Span.has_extension("requirement"):
        Span.set_extension("requirement", default=None)


@Language.factory("leadtrends_requirements", default_config={
    "cues": {"@misc": "leadtrends.requirement_cues.v1"},
    "spans_keys": ["skills", "experience"],
})
def make_requirement_marker(nlp: Language, name: str, cues: dict[str, list[str]],
                            spans_keys: list[str]) -> RequirementMarker:
    register_extensions()
    register_requirement_extensions()
    return RequirementMarker(cues, spans_keys)


# ---- alternative qualification paths -------------------------------------------------------

# Where the entry-level requirement stops: extra conditions for higher levels, notes.
_BEYOND_ENTRY = Prefiltered(
    r"\bTo be (?:appointed|assigned|eligible)[^.:]{0,80}?Assignment Levels? (?:\(AL\) )?"
    r"(?:II|III|IV|2|3|4)"
    r"|\bAssignment Levels? (?:II|III|IV)\b[^.:]{0,40}?(?:candidates|individuals) must"
    r"|\bSPECIAL NOTE|\bNOTE:|\bLicense Requirements?\b|\bDriver License Requirement"
    r"|\bMedical Requirement|\bAdditional Information:",
    re.IGNORECASE)
# Sentences that relax or restate a path rather than state one.
_NOT_A_PATH = Prefiltered(
    r"substitut|\bHowever\b|\bequated\b|\bcredited\b|\bin lieu of\b|\bwill not be accepted\b"
    r"|\bnot acceptable\b|\bmust (?:explain|specify)\b",
    re.IGNORECASE)
_EQUIVALENT_PATH = re.compile(
    r"^\W*(?:a\s+)?(?:satisfactory\s+)?(?:combination|equivalent|education\s+and/or|"
    r"education\s+or\s+experience|do you have education)",
    re.IGNORECASE)
# "1. A", "(2) Four", "3.\tA", "a) Valid": the start of an enumerated alternative, after a
# space or bullet or at the start. The patterns here that open on a character class ask what
# comes before in look-behinds afterwards: ``re`` scans for a class far faster.
_ITEM = re.compile(r"[(\d](?<![^\s•].)(?:(?<=\()\d\)|(?<=\d)\s?[.)])\s*(?=[A-Z])")
_OR_SPLIT = re.compile(r";\s*or,?\s+|\s+or,?\s+(?=\(?\d[.)]\s*[A-Z])|;\s+(?=\d\.\s)",
                       re.IGNORECASE)
# "1. Admission to the Bar; and either 2 or 3 below": a condition every path shares
_SHARED_ITEM = Prefiltered(r"\band either\b|\bin addition\b.{0,40}\bfollowing\b", re.IGNORECASE)
_MIN_PATH_WORDS = 4
_JOINED_BY_OR = re.compile(r"\bor\b[\s,;]*$", re.IGNORECASE)
_DURATION_WORD = re.compile(r"\b(?:years?|months?)\b", re.IGNORECASE)
_JOINED_BY_AND = re.compile(r"\band\b[\s,;]*$", re.IGNORECASE)
# spaces after "." or ";" (not "A.") before a capital, "(" or bullet
_SENTENCE = re.compile(r"\s(?<=[.;]\s)(?<![A-Z]\.\s)\s*(?=[A-Z(•])")


def _entry_text(text: str, folded: str) -> str:
    beyond = _BEYOND_ENTRY.search(text, folded=folded)
    return text[:beyond.start()] if beyond else text


def _alternative_starts(text: str, items: list[int]) -> list[int]:
    """Where each alternative starts, then the end of the text.

    Enumerated items are alternatives only when "or" joins them; "(1) four years ...; and
    (2) a licence" or a numbered list of duties adds conditions to one path instead. Text
    before the first item introduces the list rather than being a path.
    """
    if len(items) < 2:
        return [0, len(text)]
    joins = [text[max(start, end - 12):end] for start, end in pairwise(items)]
    if not any(_JOINED_BY_OR.search(join) for join in joins):
        # no "or": a numbered list of conditions, unless several items state a duration
        # each, as civil-service lists of "degree and N years" routes do
        bounds = items + [len(text)]
        timed = sum(bool(_DURATION_WORD.search(text[start:end]))
                    for start, end in pairwise(bounds))
        if timed < 2:
            return [0, len(text)]
    starts = [items[0]]
    for item, join in zip(items[1:], joins):
        if not _JOINED_BY_AND.search(join):
            starts.append(item)
    return starts + [len(text)]


def qualification_paths(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Character ranges (shifted by ``offset``) of the alternative ways to qualify.

    One range when the text lists no alternatives. Equivalence catch-alls ("Education
    and/or experience equivalent to 1 above") and relaxing sentences are left out.
    """
    folded = fold(text)
    text = _entry_text(text, folded)
    folded = folded[:len(text)]
    item_matches = list(_ITEM.finditer(text))
    items = [match.start() for match in item_matches]
    cuts = _alternative_starts(text, items)
    # where a relaxing word may be, found once; each sentence below opens after a space or
    # a bullet, so searching its range reads it as searching the sentence on its own
    relaxing = _NOT_A_PATH.starts(text, folded)
    paths: list[tuple[int, int]] = []
    for start, end in pairwise(cuts):
        piece = text[start:end]
        # drop relaxing sentences inside the piece, keep the rest of it
        kept_start: int | None = None
        kept_end = start
        position = 0
        for sentence in _SENTENCE.split(piece):
            at = piece.find(sentence, position)
            position = at + len(sentence)
            if _NOT_A_PATH.search_in(text, relaxing, start + at, start + at + len(sentence)):
                break
            kept_start = start + at if kept_start is None else kept_start
            kept_end = start + at + len(sentence)
        if kept_start is None:
            continue
        body = text[kept_start:kept_end]
        if kept_start == 0 and kept_end == len(text):
            # the whole text: its first item is already known
            first = item_matches[0] if item_matches else None
            stripped = body[:first.start()] + body[first.end():] if first else body
        else:
            stripped = _ITEM.sub("", body, count=1)
        if len(stripped.split()) < _MIN_PATH_WORDS or _EQUIVALENT_PATH.search(stripped) \
                or _SHARED_ITEM.search(stripped):
            continue
        paths.append((offset + kept_start, offset + kept_end))
    return paths


def requirement_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges where an advert states what it requires.

    The requirement and qualification sections when it has any; otherwise the whole text
    minus sections that never state requirements (company blurb, benefits, nice-to-haves).
    """
    text = doc_text(doc)
    sections = doc._.sections or []
    wanted = [(start, end) for start, end, name in sections if name in REQUIRED_SECTIONS]
    if wanted:
        return wanted
    if not sections:
        return [(0, len(text))]
    ranges = [(0, sections[0][0])] if sections[0][0] > 0 else []
    ranges += [(start, end) for start, end, name in sections if name not in NOT_REQUIREMENTS]
    return ranges


def doc_paths(doc: Doc) -> list[list[tuple[int, int]]]:
    """The advert's alternative ways to qualify, each a list of character ranges.

    Alternatives exist only where a range enumerates them; separate sections with one path
    each ("Requirements" and "Education") add up to a single path rather than competing.
    Computed once per doc (the experience and education readers both ask).
    """
    cached = doc.user_data.get(_PATHS_KEY)
    if cached is None:
        cached = doc.user_data[_PATHS_KEY] = _doc_paths(doc)
    return cached


_PATHS_KEY = "leadtrends_qualification_paths"


def _doc_paths(doc: Doc) -> list[list[tuple[int, int]]]:
    text = doc_text(doc)
    single: list[tuple[int, int]] = []
    for start, end in requirement_ranges(doc):
        paths = qualification_paths(text[start:end], offset=start)
        if len(paths) > 1:
            return [[path] for path in paths]
        single.extend(paths)
    return [single] if single else []
