"""docs/ANALYST_GUIDE.md: its ten research queries run on the analysis fixture, and it
documents every view and macro of warehouse/views/.

Numbers checked here are hand-computed in tests/fixtures/warehouse/README.md
("Analysis fixture").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from warehouse.connect import connect
from warehouse.load import load
from warehouse.trend_counts import refresh_trend_counts

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "ANALYST_GUIDE.md"
VIEWS = ROOT / "warehouse" / "views"
FIXTURES = ROOT / "tests" / "fixtures" / "warehouse"

_QUERY = re.compile(r"^### Q(\d+)\. (.+?)\n+```sql\n(.*?)^```", re.MULTILINE | re.DOTALL)
_DEFINED = re.compile(r"CREATE OR REPLACE (?:VIEW|MACRO) (\w+)", re.IGNORECASE)

EXPECTED_COLUMNS = {
    1: ["year", "seniority", "postings_with_skills", "technical_share",
        "leadership_business_share", "technical_majority_share"],
    2: ["skill_name", "skill_category", "early_postings_with_skill", "early_postings",
        "late_postings_with_skill", "late_postings", "share_change", "z", "p_value"],
    3: ["other_skill_name", "other_skill_category", "postings_with_both", "postings_with_other",
        "lift", "pmi"],
    4: ["year", "seniority", "postings", "postings_with_years", "median_min_years",
        "p25_min_years", "p75_min_years", "median_leadership_years"],
    5: ["year", "seniority", "postings_with_salary", "postings_salary_from_text",
        "median_salary", "p25_salary", "p75_salary"],
    6: ["quarter", "source", "postings_with_skill", "postings", "share", "part_of_mentions"],
    7: ["posting_key", "title", "skill_name", "matched_text", "requirement", "extractor",
        "evidence"],
    8: ["quarter", "postings", "remote", "hybrid", "on_site", "not_stated"],
    9: ["skill_name", "quarter", "postings_with_skill", "postings", "share", "share_low",
        "share_high"],
    10: ["month", "source", "trend_postings", "share_of_month", "sources_in_month"],
}


def guide_queries() -> dict[int, tuple[str, str]]:
    """Question number -> (question, SQL) for every '### Qn.' heading and its sql block."""
    found: dict[int, tuple[str, str]] = {}
    for match in _QUERY.finditer(GUIDE.read_text(encoding="utf-8")):
        number = int(match.group(1))
        assert number not in found, f"Q{number} appears twice"
        found[number] = (match.group(2).strip(), match.group(3))
    return found


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The analysis fixture loaded through the real loader, d01 marked a duplicate of a10."""
    db = tmp_path_factory.mktemp("guide") / "wh.duckdb"
    load(db, FIXTURES / "analysis_postings.jsonl", FIXTURES / "analysis_skills.jsonl",
         run_id="analysis-1")
    with connect(db) as writable:
        writable.execute((FIXTURES / "analysis_clusters.sql").read_text(encoding="utf-8"))
        refresh_trend_counts(writable)
    with connect(db, read_only=True) as connection:
        yield connection


def _run(con: duckdb.DuckDBPyConnection, number: int) -> tuple[list[str], list[tuple]]:
    relation = con.sql(guide_queries()[number][1])
    return relation.columns, relation.fetchall()


def test_the_guide_has_ten_numbered_questions_each_with_one_query() -> None:
    queries = guide_queries()
    assert sorted(queries) == list(range(1, 11))
    text = GUIDE.read_text(encoding="utf-8")
    assert len(re.findall(r"^### Q\d+\.", text, re.MULTILINE)) == 10
    assert all(question for question, _ in queries.values())


@pytest.mark.parametrize("number", sorted(EXPECTED_COLUMNS))
def test_every_guide_query_runs_and_returns_rows(con: duckdb.DuckDBPyConnection,
                                                 number: int) -> None:
    columns, rows = _run(con, number)
    assert columns == EXPECTED_COLUMNS[number]
    assert rows, f"Q{number} returned no rows on the fixture"


def _by(rows: list[tuple], *key_positions: int) -> dict:
    return {tuple(row[i] for i in key_positions) if len(key_positions) > 1
            else row[key_positions[0]]: row for row in rows}


def test_q1_technical_share_falls_with_seniority(con: duckdb.DuckDBPyConnection) -> None:
    rows = _by(_run(con, 1)[1], 1)
    assert rows["manager"][3] == 0.5
    assert rows["director"][3] == 0.3
    assert rows["executive"][3] == 0.0
    assert rows["manager"][5] == round(3 / 7, 3)
    assert [row[1] for row in _run(con, 1)[1]] == ["lead", "manager", "director", "executive",
                                                    "all"]


def test_q2_budgeting_grew_most(con: duckdb.DuckDBPyConnection) -> None:
    rows = _run(con, 2)[1]
    assert [row[0] for row in rows] == ["Budgeting", "Stakeholder management"]
    assert rows[0][2:7] == (1, 8, 4, 8, 0.375)
    assert rows[0][7] == 1.62


def test_q3_people_management_travels_with_itil(con: duckdb.DuckDBPyConnection) -> None:
    rows = _run(con, 3)[1]
    assert [row[0] for row in rows] == ["People management", "Python",
                                        "Stakeholder management"]
    assert rows[0][4] == 2.29


def test_q4_and_q5_medians_by_seniority(con: duckdb.DuckDBPyConnection) -> None:
    experience = _by(_run(con, 4)[1], 1)
    assert experience["director"][4] == 10.0
    assert experience["all"][4:7] == (6.0, 5.0, 10.0)
    salary = _by(_run(con, 5)[1], 1)
    assert salary["director"][4] == 115000.0
    assert salary["all"][2:5] == (11, 2, 100000.0)


def test_q6_splits_kubernetes_by_source(con: duckdb.DuckDBPyConnection) -> None:
    rows = _by(_run(con, 6)[1], 0, 1)
    assert rows[(date(2024, 10, 1), "board-b")][2:5] == (1, 1, 1.0)
    assert rows[(date(2024, 10, 1), "board-a")][5] == 0.667
    # A quarter without a Kubernetes posting has no part to share out, not a division error.
    assert rows[(date(2024, 4, 1), "board-a")][5] is None


def test_q7_quotes_the_sentence_of_each_fact(con: duckdb.DuckDBPyConnection) -> None:
    rows = _run(con, 7)[1]
    assert {row[0] for row in rows} == {"board-a:a16"}  # the latest trend posting
    assert [row[6] for row in rows] == ["Experience with Kubernetes.",
                                        "Experience with budgeting.",
                                        "Experience with stakeholder management."]


def test_q8_to_q10_values(con: duckdb.DuckDBPyConnection) -> None:
    remote = _by(_run(con, 8)[1], 0)
    assert remote[date(2024, 1, 1)][1:] == (4, 0.25, 0.25, 0.5, 0.0)
    certifications = _by(_run(con, 9)[1], 0, 1)
    assert certifications[("ITIL", date(2024, 1, 1))][2:5] == (3, 4, 0.75)
    assert certifications[("ITIL", date(2024, 10, 1))][2:4] == (0, 4)
    assert _run(con, 10)[1] == [(date(2024, 7, 1), "board-a", 2, 1.0, 2)]


def test_the_guide_documents_every_view_and_macro() -> None:
    defined = {name.lower() for path in VIEWS.glob("*.sql")
               for name in _DEFINED.findall(path.read_text(encoding="utf-8"))}
    headings = [line for line in GUIDE.read_text(encoding="utf-8").splitlines()
                if line.startswith("### ")]
    missing = sorted(name for name in defined
                     if not any(re.search(rf"\b{name}\b", heading) for heading in headings))
    assert defined
    assert missing == []


def test_the_guide_says_how_to_open_the_warehouse_read_only() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "duckdb data/leadtrends.duckdb -readonly" in text
    assert 'duckdb.connect("data/leadtrends.duckdb", read_only=True)' in text
