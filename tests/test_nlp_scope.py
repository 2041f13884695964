"""leadtrends_scope: team size, direct reports, budget, reporting line, work arrangement, pay."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.pipeline import load_pipeline
from nlp.scope import (
    annualised,
    budget,
    direct_reports,
    reports_to,
    salary_from_text,
    team_size,
    work_arrangement,
)
from tests.nlp_helpers import read_advert


@pytest.mark.parametrize(("text", "size"), [
    ("You will lead a team of 12 engineers.", 12),
    ("Manage a department of approximately 120 staff and 3 managers.", 120),
    ("Head up a 25-person engineering team.", 25),
    ("Leading eight developers across two squads.", 8),
])
def test_team_size_is_read(text: str, size: int) -> None:
    assert team_size(text) == size


@pytest.mark.parametrize("text", [
    "5 years of experience required.", "Our platform serves 50,000 users.",
    "Join a team of passionate people.",
])
def test_numbers_that_are_not_teams_are_ignored(text: str) -> None:
    assert team_size(text) is None


def test_direct_reports_are_counted() -> None:
    assert direct_reports("The role has 6 direct reports and a wider team of 40.") == 6
    assert direct_reports("Direct reports: five") == 5


@pytest.mark.parametrize(("text", "amount"), [
    ("You will own a £4.5m budget.", (4_500_000.0, "GBP")),
    ("Accountable for an annual IT budget of $12 million.", (12_000_000.0, "USD")),
    ("Manage a budget of €750,000 for tooling.", (750_000.0, "EUR")),
])
def test_budget_amount_and_currency_are_read(text: str, amount: tuple[float, str]) -> None:
    assert budget(text) == amount


def test_pay_is_not_a_budget() -> None:
    assert budget("Salary £90,000 plus bonus.") is None


@pytest.mark.parametrize(("text", "title"), [
    ("Reporting directly to the CTO, you will run infrastructure.", "CTO"),
    ("You will report to the Chief Information Officer and the board.",
     "Chief Information Officer"),
    ("The role reports into the Head of Digital Services.", "Head of Digital Services"),
])
def test_reporting_line_is_read(text: str, title: str) -> None:
    assert reports_to(text) == title


@pytest.mark.parametrize(("text", "arrangement"), [
    ("This is a hybrid role, two days in the office.", "hybrid"),
    ("This is a fully remote position.", "remote"),
    ("Remote working is fine, with 2 days a week in the office.", "hybrid"),
    ("The role is based on-site at our Leeds data centre.", "on_site"),
    ("This is not a remote role.", "on_site"),
    ("We make software.", None),
])
def test_work_arrangement_is_read(text: str, arrangement: str | None) -> None:
    assert work_arrangement(text) == arrangement


@pytest.mark.parametrize(("text", "low", "high", "currency", "period", "annual"), [
    ("Salary £45k–£55k", 45_000.0, 55_000.0, "GBP", "year", 50_000.0),
    ("€60.000 per year", 60_000.0, 60_000.0, "EUR", "year", 60_000.0),
    ("$120,000 - $150,000 + bonus", 120_000.0, 150_000.0, "USD", "year", 135_000.0),
    ("£550 per day outside IR35", 550.0, 550.0, "GBP", "day", 143_000.0),
    ("up to £80,000", None, 80_000.0, "GBP", "year", 80_000.0),
])
def test_pay_in_text_is_parsed_and_annualised(text: str, low: float | None, high: float,
                                              currency: str, period: str,
                                              annual: float) -> None:
    salary = salary_from_text(text)
    assert (salary["salary_min"], salary["salary_max"]) == (low, high)
    assert (salary["salary_currency"], salary["salary_period"]) == (currency, period)
    assert salary["salary_annual"] == annual


def test_competitive_pay_is_no_salary() -> None:
    assert salary_from_text("Competitive salary and benefits") == {}
    assert annualised({}) is None


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(rules_only=True)


def test_component_sets_scope_on_the_doc(nlp: Language) -> None:
    doc = read_advert(nlp, "The role\nLead a team of 15 engineers, reporting to the CIO, with "
                           "a £2m budget. Hybrid working. £95k-£105k.\n",
                      title="Head of Infrastructure")
    assert (doc._.team_size, doc._.reports_to, doc._.budget, doc._.work_arrangement) == \
        (15, "CIO", (2_000_000.0, "GBP"), "hybrid")
    assert doc._.salary["salary_annual"] == 100_000.0
