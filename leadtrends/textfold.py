"""Case folding that keeps offsets: find what ``re.IGNORECASE`` would match with ``str.find``.

``str.lower()`` can change a text's length ("İ" becomes two characters) and leaves
characters that ``re.IGNORECASE`` equates with ASCII letters ("ſ" with "s", the Kelvin sign
with "k"). :func:`fold` maps those to their letter, one character for one, so an offset
found in the folded text is an offset in the text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import ahocorasick_rs

# From this many literals, one pass of an automaton finds them faster than a find each: it
# reads ~2.5 ns a character, a find ~0.4 (1,400 characters: 3.5 us against 0.6).
_FINDS_PER_PASS = 6
# Characters re.IGNORECASE matches to an ASCII letter although str.lower() does not give that
# letter (U+0130 also lowers to two characters, which would shift offsets).
_FOLD = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def fold(text: str) -> str:
    """Lower-case ``text`` the way ``re.IGNORECASE`` compares ASCII letters; same offsets."""
    if not text.isascii():
        for char, letter in _FOLD:
            if char in text:  # str.translate would be ~20x slower than these scans
                text = text.replace(char, letter)
    return text.lower()


def occurrences(folded: str, word: str, start: int = 0, end: int = sys.maxsize) -> list[int]:
    """Every offset where ``word`` starts in ``folded[start:end]`` (as offsets of
    ``folded``), overlapping ones included."""
    found = []
    at = folded.find(word, start, end)
    while at >= 0:
        found.append(at)
        at = folded.find(word, at + 1, end)
    return found


class Literals:
    """Several literals looked for together: every place one of them is in a text, found in
    one pass of an Aho-Corasick automaton (``ahocorasick_rs``) rather than a ``str.find``
    per literal, each of which reads the text again (from ``_FINDS_PER_PASS`` literals on;
    fewer are looked for one by one).

    Exact: :meth:`spans` gives what :func:`occurrences` of each literal gives (overlapping
    places included, each wholly inside ``text[start:end]``); a text the automaton cannot
    read (a lone surrogate is not UTF-8) is searched with ``str.find`` instead.
    """

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = tuple(sorted({literal for literal in literals if literal}))
        self._automaton = ahocorasick_rs.AhoCorasick(
            list(self.literals), implementation=ahocorasick_rs.Implementation.DFA
        ) if len(self.literals) >= _FINDS_PER_PASS else None

    def spans(self, text: str, start: int = 0, end: int = sys.maxsize) -> list[tuple[int, int]]:
        """``(start, end)`` of every occurrence in ``text[start:end]``, as offsets of
        ``text`` (in no particular order)."""
        whole = start <= 0 and end >= len(text)
        start = 0 if whole else max(start, 0)
        if self._automaton is not None:
            try:
                found = self._automaton.find_matches_as_indexes(
                    text if whole else text[start:end], overlapping=True)
            except UnicodeEncodeError:  # a lone surrogate is not UTF-8: found one by one
                pass
            else:
                return [(start + at, start + to) for _, at, to in found]
        return [(at, at + len(literal)) for literal in self.literals
                for at in occurrences(text, literal, start, end)]

    def starts(self, text: str, start: int = 0, end: int = sys.maxsize) -> set[int]:
        """Every offset in ``text[start:end]`` where one of the literals starts and ends."""
        return {at for at, _ in self.spans(text, start, end)}
