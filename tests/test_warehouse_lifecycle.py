"""Advert lifecycle: unseen for N runs of its own source closes an advert; seen again reopens it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from leadtrends.jsonl import read_models, write_models
from leadtrends.model import Posting
from warehouse.errors import WarehouseError
from warehouse.load import load

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"
SKILLS = FIXTURES / "skills.jsonl"


def _file(tmp_path: Path, name: str, keep) -> Path:
    path = tmp_path / f"{name}.jsonl"
    write_models(path, [p for p in read_models(FIXTURES / "postings.jsonl", Posting) if keep(p)])
    return path


def _state(db: Path) -> dict[str, tuple[int, str | None]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("SELECT posting_key, missed_runs, closed_run_id FROM postings").fetchall()
    return {key.split(":")[1]: (missed, closed) for key, missed, closed in rows}


def test_an_advert_closes_after_missing_n_runs_of_its_source_and_reopens_when_back(
        tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    everything = _file(tmp_path, "all", lambda p: True)
    # board-a crawled again without p2; board-b (u1) not crawled at all in these runs
    without_p2 = _file(tmp_path, "without_p2", lambda p: p.source == "board-a"
                       and p.source_id != "p2")
    load(db, everything, SKILLS, run_id="r1")
    load(db, without_p2, SKILLS, run_id="r2", close_after=2)
    state = _state(db)
    assert state["p2"] == (1, None)  # one miss: maybe a crawl that stopped early
    assert state["u1"] == (0, None)  # its source was not in the run: no miss counted
    assert state["p1"] == (0, None)

    result = load(db, without_p2, SKILLS, run_id="r3", close_after=2)
    assert result.postings_closed == 1
    assert _state(db)["p2"] == (2, "r3")
    with duckdb.connect(str(db), read_only=True) as con:
        closed_at, started = con.sql(
            "SELECT p.closed_at, r.started_at FROM postings p JOIN runs r "
            "ON r.run_id = p.closed_run_id WHERE p.source_id = 'p2'").fetchall()[0]
        assert closed_at == started
        runs = con.sql("SELECT run_id, source, postings_seen, postings_missed, postings_closed "
                       "FROM source_runs ORDER BY run_id, source").fetchall()
        assert con.sql("SELECT postings_closed FROM runs WHERE run_id = 'r3'").fetchall() \
            == [(1,)]
    assert runs == [("r1", "board-a", 11, 0, 0), ("r1", "board-b", 1, 0, 0),
                    ("r2", "board-a", 10, 1, 0), ("r3", "board-a", 10, 1, 1)]

    load(db, without_p2, SKILLS, run_id="r4", close_after=2)
    assert _state(db)["p2"] == (2, "r3")  # a closed advert stays closed, misses stop counting

    load(db, everything, SKILLS, run_id="r5", close_after=2)
    assert _state(db)["p2"] == (0, None)  # re-posted under the same id: open again


def test_close_after_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="close_after must be at least 1"):
        load(tmp_path / "wh.duckdb", FIXTURES / "postings.jsonl", SKILLS, close_after=0)
