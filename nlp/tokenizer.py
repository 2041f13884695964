"""``leadtrends.tokenizer.v1``: spaCy's English tokenizer, tuned for skill names.

Two changes to the defaults:

* a full stop after a capital or "&" is split off, so "P&L." and "Hyper-V." at the end of a
  sentence match "P&L" and "Hyper-V" (the default only splits it after two capitals);
* the special-case rules are dropped.

spaCy stops caching tokenised chunks for the rest of a text once it meets one special case
("you'll", "e.g.", an apostrophe), which made a 400-word advert ~30x slower to tokenise. The
rules only split contractions and keep abbreviations whole, and nothing here depends on that:
the phrase patterns are tokenised by the same tokenizer as the adverts, so they still agree.

It keeps the tokens of up to :data:`CACHED_CHUNKS` chunks, ten times spaCy's default.

Its suffix search (:class:`SuffixSearch`) gives the same answers as spaCy's compiled suffix
rules, faster: the rules are tried only where they can end with the chunk's last character.

The tokenizer also keeps the text it was given in ``doc.user_data`` (see
``nlp.extensions.doc_text``): rebuilding ``Doc.text`` from tokens costs about as much as
tokenising, and several components read the text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from nlp.extensions import TEXT_KEY

_EXTRA_SUFFIXES = [r"(?<=[A-Z&+#])\."]
# Chunks (whitespace-separated pieces) the tokenizer keeps the tokens of. spaCy's default,
# 10,000, fills up within the first few hundred real adverts, after which every new chunk
# goes through the affix rules again: on ~400-word NYC adverts, after reading the other
# adverts, the tokenizer took 0.32 ms an advert with 10,000 and 0.09 with 100,000, and the
# rules-only pipeline read unseen ones at 959 and 1,132 a second (docs/BENCHMARKS.md). An
# entry is ~60 bytes, and spaCy fills the cache only outside memory zones.
CACHED_CHUNKS = 100_000
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# the last characters most chunks end with, one suffix regex each
_ENDINGS = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def _may_end_with(items: Any, chars: str) -> bool:
    """False only when no match of the parsed sequence can end with one of ``chars``."""
    for op, av in reversed(list(items)):
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return chr(av) in chars
        if op is sre.IN:
            return any(_in_class(item_op, item_av, chars) for item_op, item_av in av)
        if op is sre.BRANCH:
            return any(_may_end_with(alternative, chars) for alternative in av[1])
        if op is sre.SUBPATTERN:
            _, add_flags, _, pattern = av
            return bool(add_flags & re.IGNORECASE) or _may_end_with(pattern, chars)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            return _may_end_with(av[2], chars)
        return True  # anything else (or an optional part) may end with anything
    return True


def _in_class(op: Any, av: Any, chars: str) -> bool:
    if op is sre.LITERAL:
        return chr(av) in chars
    if op is sre.RANGE:
        return any(av[0] <= ord(char) <= av[1] for char in chars)
    return True  # categories, negations: assume the worst


class SuffixSearch:
    """The tokenizer's ``suffix_search``: spaCy's suffix rules, split by the chunk's last
    character.

    Every rule is anchored at the end of a chunk, so a rule that cannot end with a chunk's
    last character never matches it. Most chunks end in a letter or digit, which only a few
    rules can end with ("'s", units after a number): searching with those alone finds the
    same suffix, where the full alternation took a quarter of the time spent tokenising
    real adverts. ``pattern`` is the full rule set, which spaCy saves with a pipeline.
    """

    def __init__(self, entries: list[str]) -> None:
        self.full = compile_suffix_regex(entries)
        self.pattern = self.full.pattern
        self._by_ending = []
        for chars in _ENDINGS:
            # compile_suffix_regex leaves out blank entries; so must the parts
            fitting = [entry for entry in entries if entry.strip()
                       and ((parsed := sre_parse.parse(entry)).state.flags & re.IGNORECASE
                            or _may_end_with(parsed, chars))]
            self._by_ending.append(compile_suffix_regex(fitting).search if fitting else None)

    def search(self, chunk: str) -> re.Match[str] | None:
        last = chunk[-1:]
        for index, chars in enumerate(_ENDINGS):
            if last and last in chars:
                search = self._by_ending[index]
                return search(chunk) if search is not None else None
        return self.full.search(chunk)


class TextKeepingTokenizer(Tokenizer):
    """spaCy's tokenizer, plus the input text in ``doc.user_data[TEXT_KEY]``."""

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        doc.user_data[TEXT_KEY] = text
        return doc


@spacy.registry.tokenizers("leadtrends.tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    make_default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        default = make_default(nlp)
        suffixes = list(nlp.Defaults.suffixes or []) + _EXTRA_SUFFIXES
        return TextKeepingTokenizer(
            nlp.vocab, rules={}, prefix_search=default.prefix_search,
            suffix_search=SuffixSearch(suffixes).search,
            infix_finditer=default.infix_finditer, token_match=default.token_match,
            url_match=default.url_match, max_cache_size=CACHED_CHUNKS)

    return make
