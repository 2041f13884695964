"""Analyst access: read-only SQL and the CSV exports."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from warehouse.errors import WarehouseError
from warehouse.export import ANALYSES, export_all, export_analysis
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


def test_export_all_writes_every_analysis_as_csv_and_parquet_with_sidecars(
        db: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    written = export_all(db, out)
    assert [path.name for path in written] == [
        f"{name}.{fmt}" for name in ANALYSES for fmt in ("csv", "parquet")]
    with (out / "skill_trends_monthly.csv").open(newline="", encoding="utf-8") as handle:
        monthly = list(csv.DictReader(handle))
    assert list(monthly[0]) == ["month", "role_family", "seniority", "skill_id", "skill_name",
                                "skill_category", "postings_with_skill", "target_postings",
                                "share"]
    january_itil = [row for row in monthly if row["month"] == "2024-01-01"
                    and row["role_family"] == "all" and row["seniority"] == "all"
                    and row["skill_id"] == "itil"]
    assert [(r["postings_with_skill"], r["target_postings"]) for r in january_itil] == [("2", "2")]
    # the Parquet file holds the same rows with real types
    parquet = pl.read_parquet(out / "skill_trends_monthly.parquet")
    assert parquet.height == len(monthly) and parquet.schema["month"] == pl.Date
    sidecar = json.loads((out / "skill_trends_monthly.parquet.json").read_text())
    assert sidecar["export"] == "skill_trends_monthly" and sidecar["format"] == "parquet"
    assert sidecar["rows"] == parquet.height and sidecar["columns"] == parquet.columns
    assert sidecar["query"] == ANALYSES["skill_trends_monthly"].sql
    data = sidecar["versions"]["data"]
    assert (data["last_run_id"], data["postings"]) == ("run-1", 12)
    datetime.fromisoformat(data["last_run_finished_at"])
    assert sidecar["versions"]["pipeline"] == {"test-1": 12}
    assert len(sidecar["versions"]["taxonomy"]) == 1
    datetime.fromisoformat(sidecar["generated_at"])
    # only finished files are left behind, no temporary siblings
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [path.name for path in written] + [f"{path.name}.json" for path in written])


def test_export_one_analysis_with_grouping_and_filters(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "share.csv"
    result = export_analysis(db, "skill_share", target, "csv",
                             {"grain": "quarter", "by": "seniority"},
                             {"skill": "Kubernetes", "since": date(2024, 4, 1)})
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert result.rows == len(rows) > 0
    assert {row["skill_id"] for row in rows} == {"kubernetes"}
    assert {row["period"] for row in rows} == {"2024-04-01"}
    assert {row["by"] for row in rows} == {"seniority"}
    sidecar = json.loads(result.sidecar.read_text())
    assert sidecar["parameters"] == {"grain": "quarter", "by": "seniority", "min_postings": 1}
    assert sidecar["filters"] == {"skill": "Kubernetes", "since": "2024-04-01"}


@pytest.mark.parametrize(("name", "parameters", "filters", "message"), [
    ("nonsense", {}, {}, "unknown analysis 'nonsense'"),
    ("skill_share", {"by": "planet"}, {}, "the dimension must be one of"),
    ("skill_share", {"grain": "week"}, {}, "the period must be one of"),
    ("skill_pairs", {"by": "seniority"}, {}, "skill_pairs takes no by"),
    ("coverage", {}, {"family": "technology_management"}, "has no family column"),
])
def test_export_mistakes_are_one_line_errors(db: Path, tmp_path: Path, name, parameters,
                                             filters, message) -> None:
    with pytest.raises(WarehouseError, match=message) as caught:
        export_analysis(db, name, tmp_path / "x.csv", "csv", parameters, filters)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "x.csv").exists()


def test_export_of_an_empty_warehouse_still_writes_headers(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    load(db, empty, FIXTURES / "skills.jsonl", run_id="run-1")
    for path in export_all(db, tmp_path / "exports", formats=("csv",)):
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        assert header.count(",") >= 2, path
        assert rows == []


def test_export_replaces_previous_files(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "skill_pairs.csv").write_text("stale\n", encoding="utf-8")
    export_all(db, out)
    assert (out / "skill_pairs.csv").read_text(encoding="utf-8").startswith("skill_a,")
