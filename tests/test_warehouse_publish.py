"""Loads beside analysts: a real second process holds the warehouse open while we write."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from leadtrends.jsonl import read_models, write_models
from leadtrends.model import Posting, SkillMention
from warehouse.errors import WarehouseError
from warehouse.load import load
from warehouse.publish import building_copy, writer_lock

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"
POSTINGS = FIXTURES / "postings.jsonl"
RECRAWL = FIXTURES / "postings_recrawl.jsonl"
SKILLS = FIXTURES / "skills.jsonl"

# Opens the warehouse read-only like an analyst's notebook, answers "count" with the number
# of postings it sees through that same connection, and holds the file until stdin closes.
ANALYST = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
for line in sys.stdin:
    print(con.sql("SELECT count(*) FROM postings").fetchall()[0][0], flush=True)
"""


@pytest.fixture
def analyst(tmp_path: Path):
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    process = subprocess.Popen([sys.executable, "-c", ANALYST, str(db)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "open"

    def ask() -> int:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("count\n")
        process.stdin.flush()
        return int(process.stdout.readline())

    yield db, ask
    process.communicate(input="")


def _postings(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("SELECT count(*) FROM postings").fetchall()[0][0]


def test_a_load_succeeds_while_an_analyst_holds_the_file_open(analyst) -> None:
    db, ask = analyst
    assert ask() == 12
    # a direct write would fail here: DuckDB refuses a writer while the reader is open
    with pytest.raises(duckdb.IOException):
        duckdb.connect(str(db))
    result = load(db, RECRAWL, SKILLS, run_id="run-2")
    assert result.postings_new == 1
    assert ask() == 12  # the open session keeps reading the version it opened
    assert _postings(db) == 13  # a new session sees the new version whole
    assert not (tmp := db.with_name(db.name + ".building")).exists(), tmp


def test_a_failed_load_leaves_the_published_warehouse_untouched(analyst, tmp_path: Path) -> None:
    db, ask = analyst
    before = db.read_bytes()
    postings = list(read_models(RECRAWL, Posting))
    postings[-1].skills.append(SkillMention(skill_id="quantum_leadership", text="CIO",
                                            start_char=0, end_char=3))
    broken = tmp_path / "broken.jsonl"
    write_models(broken, postings)
    with pytest.raises(WarehouseError, match="rolled back"):
        load(db, broken, SKILLS, run_id="run-2")  # a fact names a skill nobody knows
    assert db.read_bytes() == before
    assert not db.with_name(db.name + ".building").exists()
    assert ask() == 12 and _postings(db) == 12


def test_a_killed_writer_leaves_a_stale_copy_the_next_load_discards(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    stale = db.with_name(db.name + ".building")
    stale.write_bytes(b"half a warehouse from a writer killed mid-load")
    load(db, RECRAWL, SKILLS, run_id="run-2")
    assert _postings(db) == 13 and not stale.exists()


def test_a_second_writer_waits_then_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    holding, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        with writer_lock(db):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert holding.wait(10)
        with pytest.raises(WarehouseError) as caught, building_copy(db, wait_seconds=0.5):
            pass
    finally:
        release.set()
        thread.join()
    message = str(caught.value)
    assert "being written by process" in message and str(db) in message
    assert "\n" not in message
    with building_copy(db, wait_seconds=0.5) as building:  # free again once released
        duckdb.connect(str(building)).close()
    assert db.exists()
