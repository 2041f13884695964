"""The ``leadtrends`` command as a user runs it: each stage alone, SQL, trends, one-line errors."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest


def leadtrends(*args: str, data_dir: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEADTRENDS_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "leadtrends", "--data-dir", str(data_dir), *args],
                          check=False, capture_output=True, text=True, env=env, timeout=600,
                          stdin=subprocess.DEVNULL)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    """A warehouse built by running the four stage commands one after another."""
    data = tmp_path_factory.mktemp("cli-data")
    leadtrends("crawl", "--adverts", "120", data_dir=data)
    leadtrends("extract", data_dir=data)
    leadtrends("load", data_dir=data)
    leadtrends("export", data_dir=data)
    return data


def test_stages_run_alone_hand_off_through_files(staged):
    assert (staged / "crawl" / "sample-site.jsonl").stat().st_size > 0
    assert (staged / "crawl" / "sample-greenhouse.jsonl").stat().st_size > 0
    lake = list((staged / "lake" / "postings").glob("source=*/date=*/*.parquet"))
    assert {p.parent.parent.name for p in lake} == {"source=sample-site",
                                                   "source=sample-greenhouse"}
    # the lake is readable by DuckDB directly, partition columns included
    with duckdb.connect() as con:
        by_source = dict(con.execute(
            "SELECT source, count(*) FROM read_parquet(?, hive_partitioning = true) GROUP BY 1",
            [str(staged / "lake" / "postings" / "*" / "*" / "*.parquet")]).fetchall())
    crawled = {f.stem: sum(1 for _ in f.open()) for f in (staged / "crawl").glob("*.jsonl")}
    assert by_source == crawled
    assert (staged / "exports" / "skill_trends_monthly.csv").exists()
    # the stage commands shared one run, finished by the load
    (ledger,) = (staged / "runs").glob("*.json")
    assert json.loads(ledger.read_text())["load"] is not None
    assert not (staged / "runs" / "current.json").exists()


def test_sql_prints_the_query_result(staged):
    crawled = sum(1 for f in (staged / "crawl").glob("*.jsonl") for _ in f.open())
    out = leadtrends("sql", "select count(*) as n from postings", data_dir=staged).stdout
    assert str(crawled) in out


def test_trends_by_quarter_writes_csv(staged, tmp_path):
    target = tmp_path / "x.csv"
    leadtrends("trends", "--by", "quarter", "--csv", str(target), data_dir=staged)
    rows = list(csv.DictReader(target.open()))
    assert rows
    periods = {row["period"] for row in rows}
    assert all(p[5:7] in {"01", "04", "07", "10"} for p in periods)


def test_trends_for_one_skill_by_year(staged):
    out = leadtrends("trends", "--skill", "Kubernetes", "--by", "year", data_dir=staged).stdout
    assert "kubernetes" in out.lower()


def test_reextract_with_nothing_stale_changes_nothing_and_all_redoes_every_posting(staged):
    out = leadtrends("reextract", data_dir=staged).stdout
    assert "Re-extracted 0 postings" in out
    crawled = sum(1 for f in (staged / "crawl").glob("*.jsonl") for _ in f.open())
    out = leadtrends("reextract", "--all", data_dir=staged).stdout
    assert f"Re-extracted {crawled} postings" in out


def test_any_analysis_prints_by_name(staged, tmp_path):
    target = tmp_path / "coverage.csv"
    out = leadtrends("trends", "coverage", "--csv", str(target), data_dir=staged).stdout
    assert "more rows" in out or "source" in out
    rows = list(csv.DictReader(target.open()))
    assert {row["source"] for row in rows} == {"sample-site", "sample-greenhouse"}


def test_export_one_analysis_as_parquet_with_period_dimension_and_filter(staged, tmp_path):
    import json

    import polars as pl

    target = tmp_path / "share.parquet"
    leadtrends("export", "skill_share", "--by", "quarter", "--by", "seniority",
               "--seniority", "manager", "--format", "parquet", "-o", str(target),
               data_dir=staged)
    frame = pl.read_parquet(target)
    assert frame.height > 0 and set(frame["group_value"]) == {"manager"}
    assert all(day.month in (1, 4, 7, 10) for day in frame["period"])
    sidecar = json.loads(target.with_name("share.parquet.json").read_text())
    assert sidecar["parameters"]["grain"] == "quarter" and sidecar["rows"] == frame.height


def test_export_with_a_bad_by_is_one_line_error(staged, tmp_path):
    done = leadtrends("export", "skill_share", "--by", "weekly", "-o", str(tmp_path / "x.csv"),
                      data_dir=staged, check=False)
    assert done.returncode == 1
    assert "neither a period" in done.stderr and done.stderr.count("\n") == 1


def test_sql_refuses_writes_with_one_line_error(staged):
    before = leadtrends("sql", "select count(*) from postings", data_dir=staged).stdout
    done = leadtrends("sql", "delete from postings", data_dir=staged, check=False)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert leadtrends("sql", "select count(*) from postings", data_dir=staged).stdout == before


def test_bad_sql_is_one_line_error(staged):
    done = leadtrends("sql", "select nonsense from nowhere", data_dir=staged, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("error:") and len(done.stderr.strip().splitlines()) == 1


def test_missing_warehouse_says_what_to_run(tmp_path):
    done = leadtrends("sql", "select 1", data_dir=tmp_path / "empty", check=False)
    assert done.returncode == 1
    assert "leadtrends run" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_extract_before_crawl_says_what_to_run(tmp_path):
    done = leadtrends("extract", data_dir=tmp_path, check=False)
    assert done.returncode == 1 and "leadtrends crawl" in done.stderr


NYC_DUMP = Path(__file__).resolve().parents[2] / "shared" / "data" / "nyc-jobs-postings" / \
    "Jobs_NYC_Postings.xlsx"


@pytest.mark.skipif(not NYC_DUMP.exists(), reason="../shared/data/nyc-jobs-postings not present")
def test_import_of_the_nyc_dump_loads_every_unique_advert(tmp_path):
    leadtrends("import", str(NYC_DUMP), "--preset", "nyc-open-data", data_dir=tmp_path)
    out = leadtrends("sql", "select count(*) || ' adverts ' || min(date_posted) || ' to ' || "
                     "max(date_posted) || ' salaries ' || count(salary_min) as summary "
                     "from postings", data_dir=tmp_path).stdout
    assert "2626 adverts 2020-06-30 to 2024-03-04" in out
    # 11 adverts state no pay (a minimum of 0 is kept only as raw text).
    assert int(out.split("salaries ")[1].split()[0]) >= 2600


def test_import_with_a_column_mapping_names_a_missing_column(tmp_path):
    dump = tmp_path / "dump.csv"
    dump.write_text("id,Job Title,text\n1,Head of IT,Lead the IT team.\n")
    done = leadtrends("import", str(dump), "--preset", "csv", "--map", "title=Title",
                      data_dir=tmp_path / "data", check=False)
    assert done.returncode == 1 and "Title" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_extract_file_writes_one_record_per_advert(tmp_path):
    adverts = tmp_path / "in.jsonl"
    adverts.write_text(
        '{"id": "a", "title": "Head of IT", "description": "<h3>Requirements</h3><ul>'
        '<li>5+ years leading IT teams</li><li>ITIL 4 Foundation; Kubernetes</li></ul>"}\n'
        '{"id": "b", "title": "Accountant", "description": "Month-end close in SAP."}\n')
    out = tmp_path / "out.jsonl"
    leadtrends("extract", str(adverts), "-o", str(out), data_dir=tmp_path)
    first, second = (json.loads(line) for line in out.read_text().splitlines())
    assert first["role"] == {"family": "technology_management", "seniority": "director",
                             "is_target": True, "soc_code": "11-3021.00"}
    assert {s["skill_id"] for s in first["skills"]} >= {"itil-4-foundation", "kubernetes"}
    assert all(s["section"] == "requirements" for s in first["skills"])
    assert first["experience"]["min_years"] == 5
    assert second["id"] == "b" and second["role"]["is_target"] is False


def test_extract_file_with_a_bad_line_is_one_line_error(tmp_path):
    adverts = tmp_path / "in.jsonl"
    adverts.write_text('{"id": 1, "title": "CTO", "description": "x"}\nnot json\n')
    done = leadtrends("extract", str(adverts), "-o", str(tmp_path / "o.jsonl"),
                      data_dir=tmp_path, check=False)
    assert done.returncode == 1 and "line 2: not JSON" in done.stderr
    assert not (tmp_path / "o.jsonl").exists()
