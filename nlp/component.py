"""The base of the rule components: one doc at a time, or a batch at a time through ``pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchComponent:
    """``__call__`` reads one doc; ``pipe`` runs it over a batch of docs at a time.

    ``Language.pipe`` chains the components' ``pipe`` generators, so with ``__call__`` alone
    each doc passes through every component before the next doc starts. A batch at a time
    keeps one component's code and data warm: the rules-only pipeline ran ~10 % faster so
    (docs/BENCHMARKS.md).
    """

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            yield from [self(doc) for doc in batch]
