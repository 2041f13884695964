"""Trend numbers on a fixture small enough to count by hand.

Target postings with a date (see tests/fixtures/warehouse/README.md):
  Jan p1 (TM manager: python, itil), p2 (TM director: itil, stakeholder_management)
  Feb p3 (TOM manager: itil), p4 (TM manager: python twice)
  Mar p5 (TOM manager: stakeholder_management)
  Apr p6 (TM manager: kubernetes, python)
  May p7 (TM director: kubernetes, stakeholder_management)
  Jun p8 (TOM manager: kubernetes, itil), p9 (TM executive: kubernetes)
Left out of every trend: n1, n2 (not tech leadership) and u1 (no posting date).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from warehouse.connect import connect
from warehouse.errors import WarehouseError
from warehouse.load import load
from warehouse.trends import rising_skills, skill_trends

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"
TRACKED = ["itil", "kubernetes", "python", "stakeholder_management"]


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path / "wh.duckdb"
    load(db, FIXTURES / "postings.jsonl", FIXTURES / "skills.jsonl", run_id="run-1")
    with connect(db, read_only=True) as connection:
        yield connection


def _view(con: duckdb.DuckDBPyConnection, month: date, family: str,
          seniority: str) -> dict[str, tuple[int, int, float]]:
    rows = con.sql(
        "SELECT skill_id, postings_with_skill, target_postings, share "
        "FROM skill_trends_monthly "
        "WHERE month = $month AND role_family = $family AND seniority = $seniority",
        params={"month": month, "family": family, "seniority": seniority},
    ).fetchall()
    return {skill_id: (hits, total, share) for skill_id, hits, total, share in rows}


def _counts(frame: pl.DataFrame) -> dict[tuple[date, str], tuple[int, int]]:
    return {(row["period"], row["skill_id"]): (row["postings_with_skill"],
                                               row["target_postings"])
            for row in frame.iter_rows(named=True)}


def test_monthly_view_counts_target_postings_and_mentions(con: duckdb.DuckDBPyConnection) -> None:
    assert _view(con, date(2024, 1, 1), "all", "all") == {
        "itil": (2, 2, 1.0), "kubernetes": (0, 2, 0.0), "python": (1, 2, 0.5),
        "stakeholder_management": (1, 2, 0.5)}
    # June has a non-target Kubernetes advert (n2) that must not count.
    assert _view(con, date(2024, 6, 1), "all", "all")["kubernetes"] == (2, 2, 1.0)


def test_a_posting_mentioning_a_skill_twice_counts_once(con: duckdb.DuckDBPyConnection) -> None:
    assert _view(con, date(2024, 2, 1), "technology_management", "manager")["python"] == (
        1, 1, 1.0)


def test_rollups_cover_every_family_and_seniority(con: duckdb.DuckDBPyConnection) -> None:
    february_managers = _view(con, date(2024, 2, 1), "all", "manager")
    assert february_managers["itil"] == (1, 2, 0.5)
    january_tm = _view(con, date(2024, 1, 1), "technology_management", "all")
    assert january_tm["itil"] == (2, 2, 1.0)
    assert _view(con, date(2024, 1, 1), "technology_management", "manager")["itil"] == (
        1, 1, 1.0)


def test_skills_show_zero_before_they_first_appear(con: duckdb.DuckDBPyConnection) -> None:
    march = _view(con, date(2024, 3, 1), "all", "all")
    assert sorted(march) == TRACKED
    assert march["kubernetes"] == (0, 1, 0.0)


def test_only_dated_tech_leadership_postings_feed_the_view(
        con: duckdb.DuckDBPyConnection) -> None:
    # Budgeting appears only in a non-target advert, so it is not tracked at all.
    skills = {row[0] for row in con.sql(
        "SELECT DISTINCT skill_id FROM skill_trends_monthly").fetchall()}
    assert skills == set(TRACKED)
    totals = con.sql("SELECT sum(target_postings) FROM (SELECT DISTINCT month, target_postings "
                     "FROM skill_trends_monthly WHERE role_family = 'all' AND seniority = 'all')"
                     ).fetchall()
    assert totals == [(9,)]


def test_quarters_sum_monthly_counts_instead_of_averaging_shares(
        con: duckdb.DuckDBPyConnection) -> None:
    frame = skill_trends(con, family="all", seniority="all", by="quarter")
    counts = _counts(frame)
    q1, q2 = date(2024, 1, 1), date(2024, 4, 1)
    assert counts[(q1, "itil")] == (3, 5)
    assert counts[(q1, "python")] == (2, 5)
    assert counts[(q2, "kubernetes")] == (4, 4)
    assert counts[(q2, "python")] == (1, 4)
    python_q1 = frame.filter((pl.col("period") == q1) & (pl.col("skill_id") == "python"))
    # Monthly shares 1/2, 1/2, 0/1 average to 0.33; the quarter's true share is 2/5.
    assert python_q1["share"].item() == pytest.approx(0.4)


def test_years_sum_every_month(con: duckdb.DuckDBPyConnection) -> None:
    counts = _counts(skill_trends(con, family="all", seniority="all", by="year"))
    year = date(2024, 1, 1)
    assert {skill: counts[(year, skill)] for skill in TRACKED} == {
        "itil": (4, 9), "kubernetes": (4, 9), "python": (3, 9), "stakeholder_management": (3, 9)}


def test_a_skill_can_be_named_in_any_case(con: duckdb.DuckDBPyConnection) -> None:
    by_name = skill_trends(con, skill="STAKEHOLDER Management", family="all", seniority="all")
    by_id = skill_trends(con, skill="stakeholder_management", family="all", seniority="all")
    assert by_name.equals(by_id)
    assert set(by_name["skill_id"]) == {"stakeholder_management"}
    assert by_name.height == 6


def test_no_family_filter_keeps_every_group(con: duckdb.DuckDBPyConnection) -> None:
    frame = skill_trends(con, skill="itil")
    assert {"all", "technology_management", "technical_operations_management"} == set(
        frame["role_family"])
    assert "all" in set(frame["seniority"])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"skill": "cobol"}, "no skill with id or name 'cobol'"),
    ({"by": "week"}, "by must be one of month, quarter, year"),
    ({"family": "sales"}, "family must be one of"),
])
def test_bad_filters_are_one_line_errors(con: duckdb.DuckDBPyConnection, kwargs: dict,
                                         message: str) -> None:
    with pytest.raises(WarehouseError, match=message):
        skill_trends(con, **kwargs)


def test_rising_skills_ranks_the_skill_that_grew(con: duckdb.DuckDBPyConnection) -> None:
    rising = rising_skills(con, window_months=3)
    assert rising["skill_id"].to_list() == ["kubernetes"]
    row = rising.row(0, named=True)
    assert (row["early_postings_with_skill"], row["early_target_postings"],
            row["late_postings_with_skill"], row["late_target_postings"]) == (0, 5, 4, 4)
    assert row["share_change"] == pytest.approx(1.0)
    assert (row["early_start"], row["early_end"], row["late_start"], row["late_end"]) == (
        date(2024, 1, 1), date(2024, 3, 1), date(2024, 4, 1), date(2024, 6, 1))


def test_falling_skills_are_ranked_by_the_size_of_the_drop(
        con: duckdb.DuckDBPyConnection) -> None:
    falling = rising_skills(con, window_months=3, direction="falling")
    assert falling["skill_id"].to_list() == ["itil", "python", "stakeholder_management"]
    assert falling["share_change"].to_list() == pytest.approx([-0.35, -0.15, -0.15])


def test_windows_shrink_to_half_the_data_so_they_never_overlap(
        con: duckdb.DuckDBPyConnection) -> None:
    # Six months of data: a 12-month window would cover everything twice.
    assert rising_skills(con).equals(rising_skills(con, window_months=3))


def test_rare_skills_are_left_out_of_the_movers(con: duckdb.DuckDBPyConnection) -> None:
    falling = rising_skills(con, window_months=3, direction="falling", min_postings=4)
    assert falling["skill_id"].to_list() == ["itil"]
    assert rising_skills(con, top=1, direction="falling", window_months=3).height == 1
