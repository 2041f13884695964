"""How imports read dates, salaries and mis-decoded text."""

from __future__ import annotations

from datetime import date

import pytest

from leadtrends.importers.dates import parse_date_text, parse_us_date, swap_day_month
from leadtrends.importers.salary import (
    format_usd_range,
    parse_amount,
    parse_period,
    parse_salary_text,
)
from leadtrends.importers.text_repair import repair_mojibake


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-05", date(2024, 3, 5)),
    ("2024-03-05T00:00:00.000", date(2024, 3, 5)),
    ("2024-03-05 10:00:00", date(2024, 3, 5)),
    ("2024-03-05T23:30:00+02:00", date(2024, 3, 5)),
    ("03/05/2024", date(2024, 3, 5)),
    ("03/05/2024 12:00:00 AM", date(2024, 3, 5)),
    ("25/03/2024", date(2024, 3, 25)),
    ("05-MAR-2024", date(2024, 3, 5)),
    ("March 5, 2024", date(2024, 3, 5)),
    ("5 Mar 2024", date(2024, 3, 5)),
])
def test_dates_are_read_from_common_forms(text, expected):
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "2024-13-01", "02/30/2024", "ASAP"])
def test_text_that_is_no_date_gives_none(text):
    assert parse_date_text(text) is None


def test_us_dates_are_never_read_day_first():
    assert parse_us_date("03/05/2024") == date(2024, 3, 5)
    assert parse_us_date("25/03/2024") is None


def test_swapping_day_and_month_undoes_a_day_first_reading():
    assert swap_day_month(date(2024, 4, 3)) == date(2024, 3, 4)
    assert swap_day_month(date(2024, 1, 31)) is None


@pytest.mark.parametrize(("value", "expected"), [
    (85000, 85000.0), ("85,000", 85000.0), ("$85,000.50", 85000.5), ("85k", 85000.0),
    ("£70k", 70000.0), ("competitive", None), ("", None), (None, None), (True, None),
])
def test_salary_amounts_are_read_from_numbers_and_text(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Annual", "year"), ("per hour", "hour"), ("Daily", "day"), ("monthly", "month"),
    ("a year", "year"), ("fortnightly", None),
])
def test_salary_periods_are_read_from_words(text, expected):
    assert parse_period(text) == expected


def test_salary_lines_give_range_currency_and_period():
    assert parse_salary_text("£55,000 - £65,000 per annum") == {
        "salary_min": 55000.0, "salary_max": 65000.0, "salary_currency": "GBP",
        "salary_period": "year"}
    assert parse_salary_text("Competitive") == {}


def test_usd_ranges_read_like_a_person_wrote_them():
    assert format_usd_range(82506.0, 94882.0, "Annual") == "$82,506 - $94,882 Annual"
    assert format_usd_range(15.45, 15.45, "Hourly") == "$15.45 Hourly"
    assert format_usd_range(None, None, "Annual") is None


@pytest.mark.parametrize(("garbled", "fixed"), [
    ("City\u00e2\u0080\u0099s yellow taxis", "City’s yellow taxis"),
    ("done. \u00e2\u0080\u00a2 Next", "done. • Next"),
    ("done. â€¢ Next", "done. • Next"),
    ("d. Ã¢â\u0082¬Â¢ Tra", "d. • Tra"),
    ("Lunch: \u00c2\u00bd hour", "Lunch: ½ hour"),
])
def test_mis_decoded_utf8_is_repaired(garbled, fixed):
    assert repair_mojibake(garbled) == fixed


@pytest.mark.parametrize("text", ["café", "1 ½ years", "§65 of the law", "plain ASCII"])
def test_correct_text_is_left_alone(text):
    assert repair_mojibake(text) == text
