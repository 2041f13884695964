"""Token-pattern matches kept as token bounds until they are final.

A Span costs about a microsecond to make (spaCy reads three tokens for its offsets), so
candidates that overlap are resolved on ``(start, end, ...)`` tuples and only the ones kept
become spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from spacy.matcher import Matcher
from spacy.tokens import Span
from spacy.vocab import Vocab

Bounds = TypeVar("Bounds", bound=tuple)  # (start, end, ...) token offsets first


def longest_first(candidates: Iterable[Bounds]) -> list[Bounds]:
    """``spacy.util.filter_spans`` on token bounds, without making a Span of each: of
    overlapping candidates the longest (then the first) stays; sorted by start."""
    kept: list[Bounds] = []
    seen: set[int] = set()
    for candidate in sorted(candidates, key=lambda bounds: (bounds[1] - bounds[0], -bounds[0]),
                            reverse=True):
        start, end = candidate[0], candidate[1]
        # only the edges are checked, as filter_spans does
        if start not in seen and end - 1 not in seen:
            kept.append(candidate)
            seen.update(range(start, end))
    kept.sort(key=lambda bounds: bounds[0])
    return kept


class WindowMatcher:
    """A ``Matcher`` of ``patterns`` under one key, called on windows of a doc; returns
    doc-level ``(start, end)`` token bounds (``as_spans`` would make a Span of each)."""

    def __init__(self, vocab: Vocab, key: str, patterns: list[list[dict[str, Any]]],
                 greedy: str | None = None) -> None:
        self.matcher = Matcher(vocab)
        self.matcher.add(key, patterns, greedy=greedy)

    def __call__(self, window: Span) -> list[tuple[int, int]]:
        offset = window.start  # a Matcher gives a window's matches relative to its start
        return [(offset + start, offset + end) for _, start, end in self.matcher(window)]
