"""Skip regular expressions that cannot match: a literal check before the pattern runs.

Python's ``re`` scans a text position by position, which is slow for the case-insensitive,
``\\b``-led patterns the readers use (~0.1 us per character and pattern), while ``str.find``
runs at memory speed. Most of an advert holds none of the words a pattern needs ("budget",
"remote", "degree"...), so :class:`Prefiltered` first looks for them and runs the pattern
only when one is there, and then only where a match can start. The words are read off the
pattern itself (``nlp.pattern_literals``), never listed by hand, so a pattern and its
prefilter cannot drift apart.

Exactness: every match of the pattern contains a literal of each of its clauses, starts
with one of its openings, and holds one of its anchors within a known distance of its
start. Literals the pattern matches case-insensitively are looked up in :func:`fold` of the
text, which maps each character ``re.IGNORECASE`` equates with an ASCII letter to that
letter, one character for one: a folded text has the same length and offsets as the text
it came from."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator

from leadtrends.textfold import Literals, fold, occurrences
from nlp.pattern_literals import (
    DIGIT_RUN,
    Clause,
    anchors,
    leading_factors,
    literal_factors,
)

__all__ = ["DIGIT_RUN", "Prefiltered", "anchors", "fold", "leading_factors", "literal_factors"]

_DIGITS = re.compile(r"\d+")
# A scan for runs of digits costs about this many finds.
_DIGIT_SCAN_COST = 8
# Trying whether an opening starts at a place costs about a third of a find over an advert.
_PLACES_PER_FIND = 3


class Prefiltered:
    """A compiled pattern that runs only when the text holds its literal factors, and only
    where a match can start when it opens on a literal (:func:`leading_factors`): found
    from the openings themselves or, when fewer strings are to be looked for so, around
    the pattern's anchors (:func:`anchors`).

    ``search`` and ``find_all`` take the same ``pos``/``endpos`` as the pattern's own
    methods, plus ``folded``: ``fold(text)`` when the caller has it (computed here otherwise,
    and only when a literal needs it).
    """

    def __init__(self, pattern: re.Pattern[str] | str, flags: int = 0) -> None:
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern,
                                                                                  flags)
        self.clauses = literal_factors(self.pattern)
        self.leading = leading_factors(self.pattern)
        # the openings but runs of digits, each kind found in one pass over its text
        self._folded_openings = Literals(text for in_folded, text in self.leading or ()
                                         if in_folded is True)
        self._exact_openings = Literals(text for in_folded, text in self.leading or ()
                                        if in_folded is False)
        # what looking for the openings costs, in str.find-s over the text (a scan for runs
        # of digits costs several); None: there are no openings to look for
        self._leading_cost = leading_cost = None if self.leading is None else (
            len(self._folded_openings.literals) + len(self._exact_openings.literals)
            + _DIGIT_SCAN_COST * (DIGIT_RUN in self.leading))
        # a match may instead be looked for around fewer, rarer strings it holds near its
        # start ("remote" for "not remote", "no-remote", "remote work is not", ...)
        found = anchors(self.pattern)
        strings = {factor for factor, _, _ in found or ()}
        self._anchors = found if found and (leading_cost is None
                                            or 2 * len(strings) <= leading_cost) else None
        # the clauses worth checking before looking for where a match may start: not the
        # openings again, and only clauses of at most half as many literals: a larger check
        # costs about what looking for the openings does, and a text that passes it pays both
        self._other_clauses = [clause for clause in self.clauses if clause != self.leading
                               and (self.leading is None
                                    or 2 * len(clause) <= len(self.leading))]

    def possible(self, text: str, pos: int = 0, endpos: int = sys.maxsize,
                 folded: str | None = None, clauses: list[Clause] | None = None) -> bool:
        """False only when the pattern cannot match between ``pos`` and ``endpos``."""
        for clause in self.clauses if clauses is None else clauses:
            for in_folded, literal in clause:
                if in_folded and folded is None:
                    folded = fold(text)
                if (folded if in_folded else text).find(literal, pos, endpos) >= 0:
                    break
            else:
                return False
        return True

    def starts(self, text: str, folded: str | None = None, pos: int = 0,
               endpos: int = sys.maxsize) -> list[int] | None:
        """Sorted offsets between ``pos`` and ``endpos`` where a match may start (the
        leading literals' occurrences), or None when the pattern opens on no literal."""
        if self._anchors is not None:
            folded = fold(text) if folded is None else folded
            around = self._around_anchors(text, folded, pos, endpos)
            if around is not None:
                return around
        if self.leading is None:
            return None
        found = self._exact_openings.starts(text, pos, endpos)
        if self._folded_openings.literals:
            found |= self._folded_openings.starts(fold(text) if folded is None else folded,
                                                  pos, endpos)
        if DIGIT_RUN in self.leading:
            found.update(run.start() for run in _DIGITS.finditer(text, pos, endpos))
        return sorted(found)

    def _around_anchors(self, text: str, folded: str, pos: int, endpos: int
                        ) -> list[int] | None:
        """:meth:`starts` from the anchors: the places before each anchor, as far back as a
        match may start, where one of the openings (if any) starts. None when the anchors
        are so common in this text that looking for the openings costs less."""
        windows = [(max(pos, at - high), at - low + 1)
                   for (in_folded, literal), low, high in self._anchors or ()
                   for at in occurrences(folded if in_folded else text, literal, pos, endpos)]
        if self._leading_cost is not None and \
                sum(end - start for start, end in windows) > _PLACES_PER_FIND * self._leading_cost:
            return None
        found: set[int] = set()
        for start, end in windows:
            for at in range(start, end):
                if at not in found and self._opens(text, folded, at):
                    found.add(at)
        return sorted(found)

    def _opens(self, text: str, folded: str, at: int) -> bool:
        """Whether one of the openings starts at ``at`` (always, when there are none)."""
        if self.leading is None:
            return True
        if folded.startswith(self._folded_openings.literals, at) \
                or text.startswith(self._exact_openings.literals, at):
            return True
        # a run of digits starts here (what _DIGITS.finditer finds)
        return DIGIT_RUN in self.leading and at < len(text) and text[at].isdecimal() \
            and not (at and text[at - 1].isdecimal())

    def search_in(self, text: str, starts: list[int] | None, pos: int, endpos: int,
                  folded: str | None = None) -> re.Match[str] | None:
        """``search(text, pos, endpos)`` given ``starts(text)``, found once for a text that
        many ranges of are searched (a sentence at a time)."""
        if starts is None:
            return self.search(text, pos, endpos, folded)
        for index in range(bisect_left(starts, pos), len(starts)):
            if starts[index] >= endpos:
                break
            if match := self.pattern.match(text, starts[index], endpos):
                return match
        return None

    def _matches(self, text: str, pos: int, endpos: int, folded: str | None
                 ) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text, pos, endpos)``; with leading literals, the pattern is
        tried only where one of them is (``re`` would try every position in between)."""
        starts = self.starts(text, folded, pos, endpos)
        if starts is None:
            yield from self.pattern.finditer(text, pos, endpos)
            return
        end = pos
        for start in starts:
            if start >= end and (match := self.pattern.match(text, start, endpos)):
                yield match
                end = match.end()

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize,
               folded: str | None = None) -> re.Match[str] | None:
        if not self.possible(text, pos, endpos, folded, self._other_clauses):
            return None
        return next(self._matches(text, pos, endpos, folded), None)

    def search_slice(self, text: str, start: int, end: int, folded: str | None = None
                     ) -> re.Match[str] | None:
        """``pattern.search(text[start:end])``: the slice read as a string of its own."""
        if not self.possible(text, start, end, folded, self._other_clauses):
            return None
        starts = self.starts(text, folded, start, end)
        if starts is None:
            return self.pattern.search(text[start:end])
        if not starts:
            return None
        sliced = text[start:end]
        return next((match for at in starts if (match := self.pattern.match(sliced, at - start))),
                    None)

    def find_all(self, text: str, pos: int = 0, endpos: int = sys.maxsize,
                 folded: str | None = None) -> list[re.Match[str]]:
        """``list(pattern.finditer(...))``, or [] at once when no factor is in the text."""
        if not self.possible(text, pos, endpos, folded, self._other_clauses):
            return []
        return list(self._matches(text, pos, endpos, folded))
