"""Case folding that keeps offsets: find what ``re.IGNORECASE`` would match with ``str.find``.

``str.lower()`` can change a text's length ("İ" becomes two characters) and leaves
characters that ``re.IGNORECASE`` equates with ASCII letters ("ſ" with "s", the Kelvin sign
with "k"). :func:`fold` maps those to their letter, one character for one, so an offset
found in the folded text is an offset in the text.
"""

from __future__ import annotations

import sys

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
