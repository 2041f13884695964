"""leadtrends.textfold: folding that keeps offsets, and literals found together."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtrends.textfold import _FINDS_PER_PASS, Literals, fold, occurrences

# few letters, so literals overlap, nest and repeat; non-ASCII ones shift UTF-8 offsets
_ALPHABET = "ab \n.\u00e9\u212a\U0001d400"
_texts = st.text(alphabet=_ALPHABET, max_size=40)
_literals = st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=4), max_size=6)


def _by_find(literals: list[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    return sorted((at, at + len(literal)) for literal in set(literals)
                  for at in occurrences(text, literal, start, end))


# literals the texts never hold: with them, a set is large enough for the automaton
_ABSENT = ["zq1", "zq2", "zq3", "zq4", "zq5", "zq6"]


@settings(max_examples=400, deadline=None)
@given(_literals, _texts, st.integers(0, 45), st.integers(0, 45), st.booleans())
def test_literals_find_every_place_a_find_per_literal_finds(
        literals: list[str], text: str, start: int, end: int, many: bool) -> None:
    literals = literals + _ABSENT if many else literals
    found = Literals(literals)
    assert (found._automaton is not None) == (len(set(literals)) >= _FINDS_PER_PASS)
    assert sorted(found.spans(text)) == _by_find(literals, text, 0, len(text))
    assert sorted(found.spans(text, start, end)) == _by_find(literals, text, start, end)
    assert found.starts(text, start, end) == {at for at, _ in _by_find(literals, text, start,
                                                                       end)}


def test_literals_overlapping_and_nested_are_all_listed() -> None:
    for extra in ([], _ABSENT):  # looked for one by one, and by the automaton
        found = Literals(["aa", "a", "aab", "", *extra])
        assert sorted(found.spans("aaab")) == [(0, 1), (0, 2), (1, 2), (1, 3), (1, 4), (2, 3)]
        assert sorted(found.spans("aaab", 1, 3)) == [(1, 2), (1, 3), (2, 3)]
    assert Literals([]).spans("anything") == []


def test_literals_in_a_text_that_is_not_utf8_are_found_by_find() -> None:
    # a lone surrogate cannot be encoded for the automaton: the answer must not change
    text = "up to \ud800 up to £5k from"
    found = Literals(["up to", "from", "\ud800", *_ABSENT])
    assert found._automaton is not None
    assert sorted(found.spans(text)) == [(0, 5), (6, 7), (8, 13), (18, 22)]
    assert sorted(found.spans(text, 1, 13)) == [(6, 7), (8, 13)]


def test_fold_keeps_offsets() -> None:
    text = "\u0130STANBUL \u212aPI \u017fKILLS"
    assert len(fold(text)) == len(text)
    assert fold(text) == "istanbul kpi skills"
