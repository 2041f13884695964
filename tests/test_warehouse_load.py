"""Loading the extract stage's files: counts, idempotence, changes and all-or-nothing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from leadtrends.jsonl import read_models, write_models
from leadtrends.model import Posting, SeenPosting, SkillMention
from warehouse.connect import connect
from warehouse.errors import WarehouseError
from warehouse.load import load

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"
POSTINGS = FIXTURES / "postings.jsonl"
RECRAWL = FIXTURES / "postings_recrawl.jsonl"
SKILLS = FIXTURES / "skills.jsonl"
TABLES = ("postings", "skills", "posting_skills", "runs")


def _rows(db: Path, sql: str, params: dict[str, object] | None = None) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.sql(sql, params=params).fetchall()


def _table_counts(db: Path) -> dict[str, int]:
    with connect(db, read_only=True) as con:
        return {table: con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]
                for table in TABLES}


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, to compare whole states."""
    with connect(db, read_only=True) as con:
        return {table: con.sql(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                for table in TABLES}


def test_first_load_counts_every_posting_as_new(tmp_path: Path) -> None:
    result = load(tmp_path / "wh.duckdb", POSTINGS, SKILLS, run_id="run-1")
    assert (result.run_id, result.postings_in, result.postings_new, result.postings_changed,
            result.postings_unchanged) == ("run-1", 12, 12, 0, 0)
    assert result.skills == 5
    # p4 mentions Python twice at different offsets: both are facts.
    assert result.skill_facts == 19
    assert result.skipped_records == 0
    assert _rows(tmp_path / "wh.duckdb",
                 "SELECT run_id, status, postings_in, postings_new, skill_facts FROM runs") == [
        ("run-1", "succeeded", 12, 12, 19)]


def test_loading_the_same_files_twice_adds_no_rows(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    before = _table_counts(db)
    second = load(db, POSTINGS, SKILLS, run_id="run-2")
    after = _table_counts(db)
    assert (second.postings_new, second.postings_changed, second.postings_unchanged) == (0, 0, 12)
    assert after == {**before, "runs": before["runs"] + 1}
    # Only the seen bookkeeping moved on; first seen stays with the first run.
    assert _rows(db, "SELECT DISTINCT first_run_id, last_run_id FROM postings") == [
        ("run-1", "run-2")]
    assert _rows(db, "SELECT count(*) FROM postings WHERE last_seen_at < first_seen_at") == [(0,)]


def test_a_changed_posting_is_updated_and_its_facts_replaced(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    [(old_hash,)] = _rows(db, "SELECT content_hash FROM postings "
                              "WHERE posting_key = 'board-a:p1'")
    result = load(db, RECRAWL, SKILLS, run_id="run-2")
    assert (result.postings_new, result.postings_changed, result.postings_unchanged) == (1, 1, 11)
    assert _rows(db, "SELECT description LIKE '%Hybrid working.', content_hash <> $old, "
                     "first_run_id, last_run_id FROM postings WHERE posting_key = 'board-a:p1'",
                 {"old": old_hash}) == [(True, True, "run-1", "run-2")]
    assert _rows(db, "SELECT skill_id FROM posting_skills WHERE posting_key = 'board-a:p1' "
                     "ORDER BY skill_id") == [("kubernetes",), ("python",)]
    assert _rows(db, "SELECT first_run_id FROM postings WHERE posting_key = 'board-a:p10'") == [
        ("run-2",)]


def test_bad_input_lines_are_counted_and_skipped_not_fatal(tmp_path: Path) -> None:
    postings = tmp_path / "postings.jsonl"
    good = POSTINGS.read_text(encoding="utf-8")
    first = json.loads(good.splitlines()[0])
    duplicate = json.dumps(first)
    missing_title = json.dumps({**first, "source_id": "broken", "title": ""})
    postings.write_text(good + "{not json\n" + missing_title + "\n" + duplicate + "\n",
                        encoding="utf-8")
    result = load(tmp_path / "wh.duckdb", postings, SKILLS, run_id="run-1")
    assert result.skipped_records == 3
    assert result.postings_in == 12
    assert _rows(tmp_path / "wh.duckdb", "SELECT skipped_records FROM runs") == [(3,)]


def test_a_fact_naming_an_unknown_skill_rolls_the_whole_load_back(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    before = _snapshot(db)

    # The recrawl (which would add p10 and change p1) plus one fact for a skill the
    # skills file does not have: the two files do not belong together.
    postings = list(read_models(RECRAWL, Posting))
    stray = postings[-1]
    stray.skills.append(SkillMention(skill_id="quantum_leadership", text="CIO",
                                     start_char=0, end_char=3))
    mismatched = tmp_path / "mismatched.jsonl"
    write_models(mismatched, postings)

    with pytest.raises(WarehouseError, match="rolled back") as caught:
        load(db, mismatched, SKILLS, run_id="run-2")
    assert "quantum_leadership" in str(caught.value)
    assert _snapshot(db) == before


def test_a_constraint_failure_after_the_upsert_rolls_everything_back(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    before = _snapshot(db)

    # A zero-length mention passes the model but breaks posting_skills' CHECK, which DuckDB
    # raises only after the postings upsert and the fact delete have already run.
    postings = list(read_models(RECRAWL, Posting))
    postings[0].skills.append(SkillMention(skill_id="python", text="", start_char=5,
                                           end_char=5))
    corrupt = tmp_path / "corrupt.jsonl"
    write_models(corrupt, postings)

    with pytest.raises(WarehouseError, match="run-2 failed and was rolled back") as caught:
        load(db, corrupt, SKILLS, run_id="run-2")
    assert "\n" not in str(caught.value)
    assert _snapshot(db) == before


def test_reusing_a_run_id_is_refused_without_changing_anything(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    before = _snapshot(db)
    with pytest.raises(WarehouseError, match="run-1 is already recorded"):
        load(db, RECRAWL, SKILLS, run_id="run-1")
    assert _snapshot(db) == before


def test_a_missing_stage_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="run the extract stage first"):
        load(tmp_path / "wh.duckdb", tmp_path / "absent.jsonl", SKILLS)


def test_generated_run_ids_are_unique_and_recorded(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    first = load(db, POSTINGS, SKILLS)
    second = load(db, POSTINGS, SKILLS)
    assert first.run_id != second.run_id
    assert {row[0] for row in _rows(db, "SELECT run_id FROM runs")} == {first.run_id,
                                                                        second.run_id}


def test_timestamps_are_stored_as_utc(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    # The fixtures were scraped at 08:00Z; a naive UTC timestamp keeps exactly that.
    assert _rows(db, "SELECT DISTINCT scraped_at FROM postings") == [(datetime(2024, 7, 1, 8),)]


def test_a_changed_posting_keeps_its_previous_version(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    before = dict(_rows(db, "SELECT posting_key, content_hash FROM postings"))
    result = load(db, RECRAWL, SKILLS, run_id="run-2")
    changed = _rows(db, "SELECT posting_key, version FROM postings WHERE version > 1")
    assert len(changed) == result.postings_changed > 0
    archived = _rows(db, "SELECT posting_key, version, content_hash, superseded_by_run_id "
                         "FROM posting_versions ORDER BY ALL")
    assert archived == sorted((key, 1, before[key], "run-2") for key, version in changed)


def test_seen_unchanged_postings_only_move_last_seen_on(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    kept = list(read_models(POSTINGS, Posting))[:3]
    only_first = tmp_path / "one.jsonl"
    write_models(only_first, kept[:1])
    seen = tmp_path / "seen.jsonl"
    write_models(seen, [SeenPosting(posting_key=p.key, content_hash=p.content_hash)
                        for p in kept[1:]])
    before = _snapshot(db)["postings"]
    result = load(db, only_first, SKILLS, run_id="run-2", seen_path=seen)
    assert result.postings_seen_unchanged == 2
    assert sorted(k for (k,) in _rows(db, "SELECT posting_key FROM postings "
                                          "WHERE last_run_id = 'run-2'")) == \
        sorted(p.key for p in kept)
    assert len(_snapshot(db)["postings"]) == len(before)
    assert _rows(db, "SELECT postings_seen_unchanged FROM runs WHERE run_id = 'run-2'") == [(2,)]
