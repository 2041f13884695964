"""``leadtrends.tokenizer.v1``: spaCy's English tokenizer, tuned for skill names.

Two changes to the defaults:

* a full stop after a capital or "&" is split off, so "P&L." and "Hyper-V." at the end of a
  sentence match "P&L" and "Hyper-V" (the default only splits it after two capitals);
* the special-case rules are dropped.

spaCy stops caching tokenised chunks for the rest of a text once it meets one special case
("you'll", "e.g.", an apostrophe), which made a 400-word advert ~30x slower to tokenise. The
rules only split contractions and keep abbreviations whole, and nothing here depends on that:
the phrase patterns are tokenised by the same tokenizer as the adverts, so they still agree.

The tokenizer also keeps the text it was given in ``doc.user_data`` (see
``nlp.extensions.doc_text``): rebuilding ``Doc.text`` from tokens costs about as much as
tokenising, and several components read the text.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from nlp.extensions import TEXT_KEY

_EXTRA_SUFFIXES = [r"(?<=[A-Z&+#])\."]


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
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=default.infix_finditer, token_match=default.token_match,
            url_match=default.url_match)

    return make
