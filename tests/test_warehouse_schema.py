"""The warehouse schema: migrations, constraints the data keeps, and how it is opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from leadtrends.errors import LeadtrendsError
from leadtrends.model import ROLE_FAMILIES, SENIORITIES, SKILL_CATEGORIES
from warehouse.connect import connect
from warehouse.errors import WarehouseError
from warehouse.load import load
from warehouse.migrate import (
    Migration,
    available_migrations,
    current_version,
    latest_version,
    migrate,
)

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    db = tmp_path / "wh.duckdb"
    load(db, FIXTURES / "postings.jsonl", FIXTURES / "skills.jsonl", run_id="run-1")
    load(db, FIXTURES / "postings_recrawl.jsonl", FIXTURES / "skills.jsonl", run_id="run-2")
    return db


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> int:
    return con.sql(sql, params=params).fetchall()[0][0]


def test_connect_creates_and_migrates_a_new_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "wh.duckdb"
    with connect(db) as con:
        tables = {row[0] for row in con.sql(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        views = {row[0] for row in con.sql(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        versions = con.sql("SELECT version, name FROM schema_version").fetchall()
    assert {"postings", "skills", "posting_skills", "runs", "schema_version"} <= tables
    assert "skill_trends_monthly" in views
    assert versions == [(m.version, m.name) for m in available_migrations()]


def test_reconnecting_applies_no_migration_twice(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    connect(db).close()
    with connect(db) as con:
        assert migrate(con) == []
        assert _count(con, "SELECT count(*) FROM schema_version") == len(available_migrations())


def test_failed_migration_leaves_no_half_made_tables_and_no_version_row(tmp_path: Path) -> None:
    migrations = [
        Migration(1, "first", "CREATE TABLE kept (x INTEGER);"),
        Migration(2, "broken", "CREATE TABLE half_made (x INTEGER); SELECT * FROM nowhere;"),
    ]
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        with pytest.raises(WarehouseError, match="0002_broken failed and was rolled back"):
            migrate(con, migrations)
        assert current_version(con) == 1
        tables = {row[0] for row in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "kept" in tables
    assert "half_made" not in tables


def test_migrating_a_version_2_warehouse_keeps_its_rows_and_comments(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    with duckdb.connect(str(db)) as con:
        migrate(con, available_migrations()[:2])
        # a version-2 warehouse has views over the tables 0003 rebuilds
        con.execute("CREATE VIEW old_view AS SELECT p.posting_key, s.skill_id "
                    "FROM postings p JOIN posting_skills s USING (posting_key)")
        con.execute("""
            INSERT INTO postings (posting_key, source, source_id, url, title, description,
                content_hash, is_target, scraped_at, first_seen_at, last_seen_at,
                first_run_id, last_run_id, version)
            VALUES ('a:1', 'a', '1', 'https://x/1', 'CTO', 'Lead.', 'h', true,
                '2024-01-01', '2024-01-01', '2024-01-02', 'r1', 'r1', 1)""")
        con.execute("""INSERT INTO posting_skills VALUES
            ('a:1', 'leadership', 0, 4, 'Lead', NULL, 'old')""")
    with connect(db) as con:
        assert current_version(con) == latest_version()
        assert con.sql("SELECT posting_key, canonical_url, missed_runs, version "
                       "FROM postings").fetchall() == [("a:1", "https://x/1", 0, 1)]
        assert con.sql("SELECT skill_id, matched_text, extractor FROM posting_skills"
                       ).fetchall() == [("leadership", "Lead", None)]
        comment = con.sql("SELECT comment FROM duckdb_columns() WHERE table_name = 'postings' "
                          "AND column_name = 'first_seen_at'").fetchall()[0][0]
    assert comment and "first stored" in comment  # written by 0001, kept across the rebuild


def test_every_table_and_view_column_is_documented(loaded_db: Path) -> None:
    with connect(loaded_db, read_only=True) as con:
        undocumented = con.sql("""
            SELECT table_name || '.' || column_name
            FROM duckdb_columns()
            WHERE schema_name = 'main' AND NOT internal
                AND (comment IS NULL OR trim(comment) = '')
            ORDER BY 1
        """).fetchall()
        tables_without_comment = con.sql("""
            SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND comment IS NULL
            UNION ALL
            SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL
        """).fetchall()
    assert undocumented == []
    assert tables_without_comment == []


# Each query returns the rows that break the rule; an empty result means it holds.
SCHEMA_ASSERTIONS = {
    "posting_key is unique": """
        SELECT posting_key FROM postings GROUP BY ALL HAVING count(*) > 1""",
    "skill_id is unique": """
        SELECT skill_id FROM skills GROUP BY ALL HAVING count(*) > 1""",
    "posting identity, text and bookkeeping are never null": """
        SELECT posting_key FROM postings
        WHERE source IS NULL OR source_id IS NULL OR url IS NULL OR title IS NULL
            OR description IS NULL OR content_hash IS NULL OR is_target IS NULL
            OR first_seen_at IS NULL OR last_seen_at IS NULL
            OR first_run_id IS NULL OR last_run_id IS NULL""",
    "every fact points at a stored posting": """
        SELECT posting_key FROM posting_skills ANTI JOIN postings USING (posting_key)""",
    "every fact points at a known skill": """
        SELECT skill_id FROM posting_skills ANTI JOIN skills USING (skill_id)""",
    "postings name the runs that saw them": """
        SELECT posting_key FROM postings AS p
        WHERE p.first_run_id NOT IN (SELECT run_id FROM runs)
            OR p.last_run_id NOT IN (SELECT run_id FROM runs)""",
    "fact offsets lie inside the description": """
        SELECT ps.posting_key FROM posting_skills AS ps JOIN postings AS p USING (posting_key)
        WHERE ps.end_char > length(p.description)
            OR substr(p.description, ps.start_char + 1, ps.end_char - ps.start_char)
               <> ps.matched_text""",
    "posting_key is source:source_id": """
        SELECT posting_key FROM postings WHERE posting_key <> source || ':' || source_id""",
    "one fact per posting, skill and offset": """
        SELECT posting_key FROM posting_skills
        GROUP BY posting_key, skill_id, start_char HAVING count(*) > 1""",
    "one piece of experience evidence per posting and offset": """
        SELECT posting_key FROM posting_experience
        GROUP BY posting_key, start_char HAVING count(*) > 1""",
    "requirements and evidence point at stored postings": """
        SELECT posting_key FROM posting_requirements ANTI JOIN postings USING (posting_key)
        UNION ALL
        SELECT posting_key FROM posting_experience ANTI JOIN postings USING (posting_key)""",
    "a closed posting names the run that closed it": """
        SELECT posting_key FROM postings
        WHERE (closed_at IS NULL) <> (closed_run_id IS NULL)
            OR closed_run_id NOT IN (SELECT run_id FROM runs)""",
    "the trend count tables describe the committed trend population": """
        SELECT 'postings' WHERE (SELECT coalesce(sum(postings), 0) FROM trend_group_counts
                                 WHERE dimension = 'all')
                                <> (SELECT count(*) FROM trend_postings)
        UNION ALL
        SELECT 'skills' FROM (
            SELECT skill_id, sum(postings_with_skill) AS n FROM trend_skill_counts
            WHERE dimension = 'all' GROUP BY skill_id) AS kept
        FULL JOIN (
            SELECT skill_id, count(DISTINCT posting_key) AS n
            FROM trend_postings JOIN posting_skills USING (posting_key)
            GROUP BY skill_id) AS direct USING (skill_id)
        WHERE kept.n IS DISTINCT FROM direct.n""",
    "is_target is exactly the tech-leadership families": """
        SELECT posting_key FROM postings
        WHERE is_target <> coalesce(role_family IN
            ('technology_management', 'technical_operations_management'), false)""",
}


@pytest.mark.parametrize("rule", SCHEMA_ASSERTIONS)
def test_loaded_warehouse_keeps_schema_rule(loaded_db: Path, rule: str) -> None:
    with connect(loaded_db, read_only=True) as con:
        assert con.sql(SCHEMA_ASSERTIONS[rule]).fetchall() == []


ACCEPTED_VALUE_QUERIES = {
    "role_family": (
        "SELECT DISTINCT role_family FROM postings WHERE NOT list_contains($accepted, role_family)",
        ROLE_FAMILIES,
    ),
    "seniority": (
        "SELECT DISTINCT seniority FROM postings WHERE NOT list_contains($accepted, seniority)",
        SENIORITIES,
    ),
    "category": (
        "SELECT DISTINCT category FROM skills WHERE NOT list_contains($accepted, category)",
        SKILL_CATEGORIES,
    ),
}


@pytest.mark.parametrize("column", ACCEPTED_VALUE_QUERIES)
def test_loaded_values_are_accepted_values(loaded_db: Path, column: str) -> None:
    sql, accepted = ACCEPTED_VALUE_QUERIES[column]
    with connect(loaded_db, read_only=True) as con:
        assert con.sql(sql, params={"accepted": list(accepted)}).fetchall() == []


def test_read_only_open_of_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    with pytest.raises(WarehouseError) as caught:
        connect(missing, read_only=True)
    assert isinstance(caught.value, LeadtrendsError)
    assert "\n" not in str(caught.value)
    assert str(missing) in str(caught.value)
    assert not missing.exists()


def test_read_only_open_of_a_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.duckdb"
    duckdb.connect(str(foreign)).close()
    with pytest.raises(WarehouseError, match="not a leadtrends warehouse"):
        connect(foreign, read_only=True)


def test_a_warehouse_locked_by_another_process_names_the_file(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    connect(db).close()
    script = (
        "import sys, duckdb\n"
        f"con = duckdb.connect({str(db)!r})\n"
        "print('holding', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(WarehouseError) as caught:
            connect(db)
    finally:
        holder.communicate(input="")
    message = str(caught.value)
    assert "locked" in message and str(db) in message
    assert f"process {holder.pid}" in message
    assert "\n" not in message
