"""Free-text salary -> Posting salary fields; never an exception, never a guessed salary."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scrapers.salary_text import (
    _RANGE,
    _SINGLE,
    _digit_starts,
    _first_salary,
    _from_range,
    _from_single,
    _k_after_digit,
    _matches,
    _may_hold_pay,
    _union,
    _word_starts,
    parse_salary_text,
)


def _fields(text: str) -> tuple[object, ...]:
    found = parse_salary_text(text)
    return (found.get("salary_min"), found.get("salary_max"), found.get("salary_currency"),
            found.get("salary_period"))


@pytest.mark.parametrize(("text", "expected"), [
    ("$150k-$180k", (150000.0, 180000.0, "USD", "year")),
    ("£65,000 - £80,000 per annum", (65000.0, 80000.0, "GBP", "year")),
    ("€70.000 – €85.000", (70000.0, 85000.0, "EUR", "year")),
    ("120-150K USD", (120000.0, 150000.0, "USD", "year")),
    ("$90/hr", (90.0, 90.0, "USD", "hour")),
    ("$45.50 per hour", (45.5, 45.5, "USD", "hour")),
    ("£550 per day outside IR35", (550.0, 550.0, "GBP", "day")),
    ("CHF 120'000 - 140'000", (120000.0, 140000.0, "CHF", "year")),
    ("60-80k€", (60000.0, 80000.0, "EUR", "year")),
    ("€4.500 - €5.500 per month", (4500.0, 5500.0, "EUR", "month")),
])
def test_conventional_salary_shapes(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(text) == expected


def test_salary_raw_is_the_salary_as_written() -> None:
    assert parse_salary_text("Salary: £65,000 - £80,000 per annum + bonus")["salary_raw"] \
        == "£65,000 - £80,000 per annum"


def test_plus_means_a_minimum_and_up_to_a_maximum() -> None:
    assert _fields("$200k+ and equity") == (200000.0, None, "USD", "year")
    assert _fields("up to €95k") == (None, 95000.0, "EUR", "year")


def test_a_range_written_high_to_low_is_reordered() -> None:
    assert _fields("$180k - $150k")[:2] == (150000.0, 180000.0)


@pytest.mark.parametrize("text", [
    "", "REMOTE (US)", "Series B, 50 engineers", "since 2019", "3 to 5 years", "$5M seed round",
    "Berlin 10115", "ISO 27001", "Raised $40,000,000 from investors"])
def test_text_without_a_salary_gives_nothing(text: str) -> None:
    assert parse_salary_text(text) == {}


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    found = parse_salary_text(text)
    assert found == {} or set(found) == {"salary_raw", "salary_min", "salary_max",
                                         "salary_currency", "salary_period"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789$€£kK.,'- –/hrpa ", max_size=40))
def test_found_amounts_are_positive_and_ordered(text: str) -> None:
    found = parse_salary_text(text)
    amounts = [a for a in (found.get("salary_min"), found.get("salary_max")) if a is not None]
    assert all(a > 0 for a in amounts)
    assert amounts == sorted(amounts)


def test_the_period_comes_from_the_salary_s_own_sentence() -> None:
    advert = ("Hybrid: 2 days a week in our Leeds office. Salary £85,000 - £95,000.\n"
              "Day rate: £550 for contractors.")
    salary = parse_salary_text(advert)
    assert (salary["salary_min"], salary["salary_period"]) == (85000.0, "year")
    assert parse_salary_text("Day rate: £550 for contractors.")["salary_period"] == "day"


# tokens salaries are written with, and look-alikes that must not change what is found
_SALARY_PIECES = st.lists(st.sampled_from([
    "1", "45", "120", "2,500", "70.000", "60'000", " ", "  ", "\n", "$", "£", "€", "USD", "usd",
    "US$", "USD$", "EUR", "CHF", "k", "K", "-", " - ", "–", " to ", " and ", "+", "/hr",
    " per day", " pa", "from ", "From  ", "up to ", "upto", "min. ", "Max ", "starting at ",
    "\u017ftarting at ", "m\u0130n ", "audit", "x", "a", ".", ",", "years", "therefrom ",
    "\u212a", "gbp", "Chf", "k€", "\u00a0", "eur", "é", "\u0663", "_", "(", "=$"]),
    max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_SALARY_PIECES)
@example(".min. 1")
def test_amount_anchored_scan_finds_what_a_full_scan_finds(text: str) -> None:
    # the parser tries the patterns only where a salary can start; that must never lose or
    # change a match a scan of every position would find
    def starts(words: bool) -> list[int]:
        digits = list(_digit_starts(text))
        return list(_union(digits, _word_starts(text))) if words else digits

    assert starts(True) == sorted(set(starts(True)))
    for pattern, words in ((_RANGE, False), (_SINGLE, True)):
        assert [m.span() for m in _matches(pattern, text, starts(words))] == \
            [m.span() for m in pattern.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(_SALARY_PIECES)
@example("5 - 10 - $20")
@example("from 1 - 2 up to $3,000")
def test_the_first_salary_is_the_one_a_full_scan_finds_first(text: str) -> None:
    # the parser's passes share their candidate starts; the salary they settle on must be
    # the one reading every match of each pattern in turn would give
    def full_scan() -> dict:
        try:
            for match in _RANGE.finditer(text):
                if found := _from_range(text, match):
                    return found
            for match in _SINGLE.finditer(text):
                if found := _from_single(text, match):
                    return found
        except (ValueError, ArithmeticError, IndexError):
            return {}
        return {}

    assert _first_salary(text) == full_scan()


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["1", "\u0663", "\u00b2", " ", "\u2003", "\n", "  ", "k", "K",
                                 "\u212a", "x", "_"]), max_size=12).map("".join))
def test_a_k_after_a_digit_is_found_as_the_pattern_finds_it(text: str) -> None:
    assert _k_after_digit(text) == bool(re.search(r"\d\s?k", text, re.IGNORECASE))


@settings(max_examples=1500, deadline=None)
@given(_SALARY_PIECES)
@example("1111  USD")
@example("90 k \u00a0chf")
@example("eur\n45")
def test_text_without_a_pay_marker_is_skipped_only_when_it_holds_no_pay(text: str) -> None:
    # the parser skips text with no currency and no "k" after a number at once
    if not _may_hold_pay(text):
        assert _first_salary(text) == {}
