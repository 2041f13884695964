"""The extract tokenizer: its suffix search split by last character finds what the full rule
set finds, so adverts are tokenised exactly as spaCy's suffix rules say."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtrends.sample_board import generate_board
from nlp.pipeline import load_pipeline
from nlp.tokenizer import SuffixSearch
from scrapers.description_text import html_to_text

_TOKENIZER = load_pipeline(rules_only=True).tokenizer
_SUFFIXES: SuffixSearch = _TOKENIZER.suffix_search.__self__


def _span(match: object) -> tuple[int, int] | None:
    return match.span() if match is not None else None  # type: ignore[attr-defined]


def _same_suffix(chunk: str) -> None:
    assert _span(_SUFFIXES.search(chunk)) == _span(_SUFFIXES.full.search(chunk)), chunk


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aZ09'’s.,;:!?()%$€£°CFkmg²+-–—…\"”“#&*_/\u00ae\u3002x", max_size=12))
def test_split_suffix_search_finds_the_full_rule_set_s_suffix(chunk: str) -> None:
    _same_suffix(chunk)


def test_split_suffix_search_on_known_suffix_shapes() -> None:
    for chunk in ("5km", "10KB", "it's", "IT’S", "U.S.", "P&L.", "°C.", "wait…", "x..", "100%",
                  "9$", "", "(2026)", "e.g.", "C++", "3+", "Go,", "Hyper-V."):
        _same_suffix(chunk)


def test_sample_adverts_tokenise_as_with_the_full_suffix_rules() -> None:
    texts = [html_to_text(advert.description_html)
             for advert in generate_board(n_adverts=300).adverts]
    for chunk in {chunk for text in texts for chunk in text.split()}:
        for start in range(len(chunk)):
            for end in range(start + 1, len(chunk) + 1):
                _same_suffix(chunk[start:end])
    # and end to end: the same tokens as spaCy's own compiled suffix rules give
    split = [[token.text for token in _TOKENIZER(text)] for text in texts]
    full = load_pipeline(rules_only=True).tokenizer
    original = full.suffix_search
    try:
        full.suffix_search = _SUFFIXES.full.search
        assert [[token.text for token in full(text)] for text in texts] == split
    finally:
        full.suffix_search = original


def test_the_pipeline_saves_the_full_suffix_rules() -> None:
    # spaCy serialises suffix_search.__self__.pattern
    assert _SUFFIXES.pattern == _SUFFIXES.full.pattern
    assert _TOKENIZER.to_bytes()
