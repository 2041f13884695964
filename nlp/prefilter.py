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


def _leading_sequence(items: Any, flags: int) -> Clause | None:
    """Literals one of which opens every match of the sequence, or None when unknown."""
    items = list(items)
    for index, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:  # \b, look-arounds: they consume nothing
            continue
        if op is not sre.LITERAL:
            return _leading_node(op, av, flags)
        run: list[Factor] = []
        for next_op, next_av in items[index:]:
            literal = _literal(next_av, flags) if next_op is sre.LITERAL else None
            if literal is None or (run and literal[0] != run[0][0]):
                break
            run.append(literal)
        if not run:
            return None
        return frozenset({(run[0][0], "".join(text for _, text in run))})
    return None


def _leading_node(op: Any, av: Any, flags: int) -> Clause | None:
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, pattern = av
        return _leading_sequence(pattern, (flags | add_flags) & ~del_flags)
    if op is sre.ATOMIC_GROUP:
        return _leading_sequence(av, flags)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, pattern = av
        return _leading_sequence(pattern, flags) if low >= 1 else None
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av):
        chars = [_literal(code, flags) for _, code in av]
        return frozenset(chars) if None not in chars else None  # type: ignore[arg-type]
    if op is sre.BRANCH:
        union: set[Factor] = set()
        for alternative in av[1]:
            leading = _leading_sequence(alternative, flags)
            if leading is None:
                return None
            union |= leading
        # "team" opens wherever "teams" does: keep the shortest of literals sharing a start
        return frozenset(factor for factor in union
                         if not any(other != factor and other[0] == factor[0]
                                    and factor[1].startswith(other[1]) for other in union))
    return None


def leading_factors(pattern: re.Pattern[str]) -> Clause | None:
    """Literals one of which every match of ``pattern`` starts with (at its first
    character), in :func:`literal_factors`' terms; None when the pattern does not open on
    a literal ("\\d+", an optional group) or opens on a single letter, which is too common
    to be worth looking for."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    leading = _leading_sequence(parsed, parsed.state.flags)
    if leading is None or any(len(text) < 2 and text.isalnum() for _, text in leading):
        return None
    return leading


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

    def possible(self, text: str, pos: int = 0, endpos: int = sys.maxsize,
                 folded: str | None = None) -> bool:
        """False only when the pattern cannot match between ``pos`` and ``endpos``."""
        for clause in self.clauses:
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
        if folded is None and any(in_folded for in_folded, _ in self.leading):
            folded = fold(text)
        return sorted({at for in_folded, literal in self.leading
                       for at in occurrences(folded if in_folded else text,  # type: ignore[arg-type]
                                             literal, pos, endpos)})

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
        if not self.possible(text, pos, endpos, folded):
            return None
        return next(self._matches(text, pos, endpos, folded), None)

    def search_slice(self, text: str, start: int, end: int, folded: str | None = None
                     ) -> re.Match[str] | None:
        """``pattern.search(text[start:end])``: the slice read as a string of its own."""
        if not self.possible(text, start, end, folded):
            return None
        return self.pattern.search(text[start:end])

    def find_all(self, text: str, pos: int = 0, endpos: int = sys.maxsize,
                 folded: str | None = None) -> list[re.Match[str]]:
        """``list(pattern.finditer(...))``, or [] at once when no factor is in the text."""
        if not self.possible(text, pos, endpos, folded):
            return []
        return list(self._matches(text, pos, endpos, folded))
