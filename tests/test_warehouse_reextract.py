"""Re-extraction: stored text read again by the current pipeline, old facts replaced whole."""

from __future__ import annotations

from pathlib import Path

import duckdb

from nlp.pipeline import PIPELINE_VERSION
from warehouse.load import load
from warehouse.reextract import reextract

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_reextract_replaces_facts_of_older_pipelines_and_then_has_nothing_to_do(
        tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, FIXTURES / "postings.jsonl", FIXTURES / "skills.jsonl", run_id="r1")
    assert _rows(db, "SELECT DISTINCT pipeline_version FROM postings") == [("test-1",)]
    seen_before = _rows(db, "SELECT posting_key, first_seen_at, last_seen_at, content_hash "
                            "FROM postings ORDER BY 1")

    result = reextract(db)
    assert (result.postings_stale, result.postings_reextracted) == (12, 12)
    assert result.pipeline_version == PIPELINE_VERSION
    assert _rows(db, "SELECT DISTINCT pipeline_version FROM postings") == [(PIPELINE_VERSION,)]
    assert _rows(db, "SELECT DISTINCT pipeline_version FROM posting_skills") \
        == [(PIPELINE_VERSION,)]
    assert _rows(db, "SELECT count(*) FROM posting_requirements") == [(12,)]
    # the fixture texts name Python, ITIL, Kubernetes... the real taxonomy finds them again
    found = {row[0] for row in _rows(db, "SELECT matched_text FROM posting_skills")}
    assert {"Python", "ITIL", "Kubernetes", "stakeholder management"} <= found
    assert result.skill_facts == _rows(db, "SELECT count(*) FROM posting_skills")[0][0]
    # "IT Manager", "CTO" ... are read again from their titles
    assert _rows(db, "SELECT role_family, seniority FROM postings "
                     "WHERE source_id = 'p9'") == [("technology_management", "executive")]
    # the source's columns and the lifecycle are not the extractor's to change
    assert _rows(db, "SELECT posting_key, first_seen_at, last_seen_at, content_hash "
                     "FROM postings ORDER BY 1") == seen_before

    again = reextract(db)
    assert (again.postings_stale, again.postings_reextracted) == (0, 0)
    assert reextract(db, everything=True).postings_reextracted == 12
