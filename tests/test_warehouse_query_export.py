"""Analyst access: read-only SQL and the CSV exports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from warehouse.errors import WarehouseError
from warehouse.export import export_trends
from warehouse.load import load
from warehouse.query import run_sql

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    load(path, FIXTURES / "postings.jsonl", FIXTURES / "skills.jsonl", run_id="run-1")
    return path


def test_run_sql_returns_a_frame(db: Path) -> None:
    frame = run_sql(db, "select role_family, count(*) as n from postings "
                        "where is_target group by 1 order by 1")
    assert frame.columns == ["role_family", "n"]
    assert frame.rows() == [("technical_operations_management", 3),
                            ("technology_management", 7)]


@pytest.mark.parametrize("statement", [
    "insert into runs select * from runs",
    "delete from postings",
    "drop view skill_trends_monthly",
    "create table scratch (x integer)",
])
def test_run_sql_refuses_writes(db: Path, statement: str) -> None:
    with pytest.raises(WarehouseError, match="read-only") as caught:
        run_sql(db, statement)
    assert "\n" not in str(caught.value)
    assert run_sql(db, "select count(*) as n from postings")["n"].item() == 12


def test_run_sql_reports_a_bad_query_on_one_line(db: Path) -> None:
    with pytest.raises(WarehouseError, match=r"query failed: .*syntax error") as caught:
        run_sql(db, "selec 1")
    assert "\n" not in str(caught.value)


def test_run_sql_on_a_missing_warehouse_says_to_load_first(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="run the load stage first"):
        run_sql(tmp_path / "absent.duckdb", "select 1")


def test_export_writes_trend_csvs_with_headers(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    written = export_trends(db, out)
    assert [path.name for path in written] == [
        "skill_trends_monthly.csv", "rising_skills.csv", "falling_skills.csv"]
    with (out / "skill_trends_monthly.csv").open(newline="", encoding="utf-8") as handle:
        monthly = list(csv.DictReader(handle))
    assert list(monthly[0]) == ["month", "role_family", "seniority", "skill_id", "skill_name",
                                "skill_category", "postings_with_skill", "target_postings",
                                "share"]
    january_itil = [row for row in monthly if row["month"] == "2024-01-01"
                    and row["role_family"] == "all" and row["seniority"] == "all"
                    and row["skill_id"] == "itil"]
    assert [(r["postings_with_skill"], r["target_postings"]) for r in january_itil] == [("2", "2")]
    with (out / "rising_skills.csv").open(newline="", encoding="utf-8") as handle:
        rising = list(csv.DictReader(handle))
    assert [row["skill_id"] for row in rising] == ["kubernetes"]
    assert "share_change" in rising[0]
    # Only the finished files are left behind, no temporary siblings.
    assert sorted(path.name for path in out.iterdir()) == sorted(path.name for path in written)


def test_export_of_an_empty_warehouse_still_writes_headers(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    load(db, empty, FIXTURES / "skills.jsonl", run_id="run-1")
    for path in export_trends(db, tmp_path / "exports"):
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        assert header.count(",") >= 3
        assert rows == []


def test_export_replaces_previous_files(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "rising_skills.csv").write_text("stale\n", encoding="utf-8")
    export_trends(db, out)
    assert (out / "rising_skills.csv").read_text(encoding="utf-8").startswith("skill_id,")
