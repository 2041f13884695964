"""Skip regular expressions that cannot match: a literal check before the pattern runs.

Python's ``re`` scans a text position by position, which is slow for the case-insensitive,
``\\b``-led patterns the readers use (~0.1 us per character and pattern), while ``str.find``
runs at memory speed. Most of an advert holds none of the words a pattern needs ("budget",
"remote", "degree"...), so :class:`Prefiltered` first looks for them and runs the pattern
only when one is there. The words are read off the pattern itself (:func:`literal_factors`),
never listed by hand, so a pattern and its prefilter cannot drift apart.

Exactness: every match of the pattern contains a literal of each of its clauses. Literals
the pattern matches case-insensitively are looked up in :func:`fold` of the text, which maps
each character ``re.IGNORECASE`` equates with an ASCII letter to that letter, one character
for one: a folded text has the same length and offsets as the text it came from.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from leadtrends.textfold import fold, occurrences

__all__ = ["Prefiltered", "fold", "literal_factors"]

Factor = tuple[bool, str]  # (look in the folded text?, literal)
Clause = frozenset[Factor]  # a match holds at least one of these


def _score(clause: Clause) -> tuple[int, int]:
    """How selective a clause is: its shortest literal longer, then fewer literals."""
    return min(len(text) for _, text in clause), -len(clause)


def _minimal(factors: set[Factor]) -> Clause:
    """The clause without literals that contain another of its literals ("remote " has
    "remote" in it: wherever the longer one is, so is the shorter)."""
    return frozenset(factor for factor in factors
                     if not any(other != factor and other[0] == factor[0]
                                and other[1] in factor[1] for other in factors))


def _literal(code: int, flags: int) -> Factor | None:
    char = chr(code)
    if not flags & re.IGNORECASE:
        return False, char
    # ASCII is folded exactly and uncased characters ("£", "’") match only themselves;
    # other cased characters have wider equivalences
    if char.isascii() or char.lower() == char == char.upper():
        return True, char.lower()
    return None


def _sequence(items: Any, flags: int) -> list[Clause]:
    """Clauses every match of the sequence satisfies, one per literal run or element."""
    clauses: list[Clause] = []
    run: list[Factor] = []

    def close() -> None:
        if run:
            clauses.append(frozenset({(run[0][0], "".join(text for _, text in run))}))
            run.clear()

    for op, av in items:
        literal = _literal(av, flags) if op is sre.LITERAL else None
        if literal is None or (run and literal[0] != run[0][0]):
            close()
        if literal is not None:
            run.append(literal)
        else:
            clauses.extend(_node(op, av, flags))
    close()
    return clauses


def _node(op: Any, av: Any, flags: int) -> list[Clause]:
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, pattern = av
        return _sequence(pattern, (flags | add_flags) & ~del_flags)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, flags)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, pattern = av
        return _sequence(pattern, flags) if low >= 1 else []
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av):
        chars = [_literal(code, flags) for _, code in av]  # a class of characters: [$£]
        return [frozenset(chars)] if None not in chars else []  # type: ignore[arg-type]
    if op is sre.BRANCH:
        # one of the alternatives matches: the union of each one's most selective clause
        union: set[Factor] = set()
        for alternative in av[1]:
            clauses = _sequence(alternative, flags)
            if not clauses:
                return []
            union |= max(clauses, key=_score)
        return [_minimal(union)]
    # lookarounds may read outside the searched range; classes and anchors hold no literal
    return []


def literal_factors(pattern: re.Pattern[str]) -> list[Clause]:
    """Clauses every match of ``pattern`` satisfies, most selective first.

    A match contains at least one literal of each clause. Literals are ``(folded, text)``:
    ``folded`` ones are lower case and to be found in :func:`fold` of the text, the others
    in the text as it is. No clause: nothing is known, the pattern always runs.
    """
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    clauses = set(_sequence(parsed, parsed.state.flags))
    return sorted(clauses, key=lambda clause: (_score(clause), sorted(clause)), reverse=True)


_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# More opening strings than this cost more finds than the positions they rule out save;
# and once every opening is this long, branching out into more of them no longer pays.
_MAX_OPENINGS = 32
_SELECTIVE = 5
_EMPTY: Factor = (False, "")
# An opening on a digit after a word boundary ("\\b\\d+"): such a match can only start
# where a run of digits starts. Neither folded nor exact, so it is a kind of its own; it
# never opens a longer string (a digit class is not one string).
DIGIT_RUN: Factor = (2, "")  # type: ignore[assignment]
_DIGITS = re.compile(r"\d+")
# From this many exact openings that start with a capital, one alternation finds them faster
# than a str.find each.
_CAPITALS_TOGETHER = 4
# (openings, whole): every match of an element starts with one of the openings, and when
# ``whole`` each match is one of them, so what follows the element extends them.
Openings = tuple[set[Factor] | None, bool]


def _extend(openings: set[Factor], more: set[Factor]) -> set[Factor] | None:
    """Each opening followed by each of ``more``; None when that mixes folded and exact
    literals in one string or makes too many strings."""
    joined: set[Factor] = set()
    for in_folded, text in openings:
        for more_folded, more_text in more:
            if text and more_text and in_folded != more_folded:
                return None
            joined.add((in_folded if text else more_folded, text + more_text))
    return joined if len(joined) <= _MAX_OPENINGS else None


def _sequence_openings(items: Any, flags: int, bounded: bool = False) -> Openings:
    """``bounded``: the sequence starts at a word boundary (a ``\\b`` just before it)."""
    openings: set[Factor] = {_EMPTY}
    for op, av in items:
        if op in _ZERO_WIDTH:  # \b, look-arounds: they consume nothing
            bounded = bounded or (op is sre.AT and av is sre.AT_BOUNDARY)
            continue
        more, whole = _node_openings(op, av, flags, bounded and openings == {_EMPTY})
        if more is not None and len(more) > 1 \
                and min(len(text) for _, text in openings) >= _SELECTIVE:
            return openings, False
        joined = _extend(openings, more) if more is not None else None
        if joined is None:
            return openings, False
        openings = joined
        if not whole:
            return openings, False
    return openings, True


def _node_openings(op: Any, av: Any, flags: int, bounded: bool = False) -> Openings:
    if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)] and bounded \
            and not flags & re.ASCII:  # ASCII "\b" would hold after a non-ASCII digit
        return {DIGIT_RUN}, False
    if op is sre.LITERAL:
        literal = _literal(av, flags)
        return ({literal} if literal else None), True
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av):
        chars = [_literal(code, flags) for _, code in av]  # a class of characters: [- ]
        return (None if None in chars else set(chars)), True  # type: ignore[arg-type]
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, pattern = av
        return _sequence_openings(pattern, (flags | add_flags) & ~del_flags, bounded)
    if op is sre.ATOMIC_GROUP:
        return _sequence_openings(av, flags, bounded)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, pattern = av
        inner, whole = _sequence_openings(pattern, flags, bounded)
        if low == 0 and high == 1 and whole:  # optional: "(?:a )?", "[- ]?"
            return inner | {_EMPTY}, True
        return inner if low >= 1 else None, whole and low == high == 1
    if op is sre.BRANCH:
        union: set[Factor] = set()
        whole = True
        for alternative in av[1]:
            openings, alternative_whole = _sequence_openings(alternative, flags, bounded)
            union |= openings
            whole = whole and alternative_whole
        return union, whole
    return None, False


def leading_factors(pattern: re.Pattern[str]) -> Clause | None:
    """Strings one of which every match of ``pattern`` starts with, in
    :func:`literal_factors`' terms: ``\\b(?:not|no)[- ]remote`` opens on "not-remote",
    "not remote", "no-remote" or "no remote". None when a match may open on something else
    ("\\d+", an optional part that nothing literal follows) or on a single letter, too
    common to be worth looking for."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    openings, _ = _sequence_openings(parsed, parsed.state.flags)
    if any(len(text) < 2 and (text.isalnum() or not text)
           for _, text in openings - {DIGIT_RUN}):
        return None
    # "team" opens wherever "teams" does: keep the shortest of strings sharing a start
    return frozenset(factor for factor in openings
                     if not any(other != factor and other[0] == factor[0]
                                and factor[1].startswith(other[1]) for other in openings))


class Prefiltered:
    """A compiled pattern that runs only when the text holds its literal factors, and only
    where a match can start when it opens on a literal (:func:`leading_factors`).

    ``search`` and ``find_all`` take the same ``pos``/``endpos`` as the pattern's own
    methods, plus ``folded``: ``fold(text)`` when the caller has it (computed here otherwise,
    and only when a literal needs it).
    """

    def __init__(self, pattern: re.Pattern[str] | str, flags: int = 0) -> None:
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern,
                                                                                  flags)
        self.clauses = literal_factors(self.pattern)
        self.leading = leading_factors(self.pattern)
        # the clauses worth checking before looking for the leading literals: not those
        # literals again, and only clauses of at most half as many literals: a larger check
        # costs about what looking for the openings does, and a text that passes it pays both
        self._other_clauses = [clause for clause in self.clauses if clause != self.leading
                               and (self.leading is None
                                    or 2 * len(clause) <= len(self.leading))]
        # exact openings that start with a capital are found by one compiled alternation:
        # capitals are rare in text, so re's scan for their first characters skips most of
        # it, where one str.find per opening would read the whole text each time
        capitals = sorted(text for in_folded, text in self.leading or ()
                          if in_folded is False and text[:1].isascii() and text[:1].isupper())
        self._capitals = (re.compile("|".join(map(re.escape, capitals)))
                          if len(capitals) >= _CAPITALS_TOGETHER else None)
        self._one_by_one = [factor for factor in self.leading or ()
                            if factor != DIGIT_RUN
                            and not (self._capitals and factor[1] in capitals
                                     and factor[0] is False)]

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
        if self.leading is None:
            return None
        if folded is None and any(in_folded is True for in_folded, _ in self._one_by_one):
            folded = fold(text)
        found = {at for in_folded, literal in self._one_by_one
                 for at in occurrences(folded if in_folded else text,  # type: ignore[arg-type]
                                       literal, pos, endpos)}
        if DIGIT_RUN in self.leading:
            found.update(run.start() for run in _DIGITS.finditer(text, pos, endpos))
        if self._capitals is not None:
            # every position where one of them starts, overlapping ones included
            match = self._capitals.search(text, pos, endpos)
            while match:
                found.add(match.start())
                match = self._capitals.search(text, match.start() + 1, endpos)
        return sorted(found)

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
