"""``leadtrends.tokenizer.v1``: spaCy's English tokenizer, tuned for skill names.

Two changes to the defaults:

* a full stop after a capital or "&" is split off, so "P&L." and "Hyper-V." at the end of a
  sentence match "P&L" and "Hyper-V" (the default only splits it after two capitals);
* the special-case rules are dropped.

spaCy stops caching tokenised chunks for the rest of a text once it meets one special case
("you'll", "e.g.", an apostrophe), which made a 400-word advert ~30x slower to tokenise. The
rules only split contractions and keep abbreviations whole, and nothing here depends on that:
the phrase patterns are tokenised by the same tokenizer as the adverts, so they still agree.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_suffix_regex

_EXTRA_SUFFIXES = [r"(?<=[A-Z&+#])\."]


@spacy.registry.tokenizers("leadtrends.tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    make_default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer = make_default(nlp)
        tokenizer.rules = {}
        suffixes = list(nlp.Defaults.suffixes or []) + _EXTRA_SUFFIXES
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        return tokenizer

    return make
