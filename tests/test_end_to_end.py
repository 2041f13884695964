"""The whole pipeline under Prefect over real loopback HTTP, checked against the board's ground truth."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import RunSummary, pipeline
from leadtrends.sample_board import TRENDS, generate_board

pytestmark = pytest.mark.e2e

SEED = 2026
ADVERTS = 200


@pytest.fixture(scope="module")
def board():
    return generate_board(seed=SEED, n_adverts=ADVERTS)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, RunSummary, dict[str, int], RunSummary]:
    data = tmp_path_factory.mktemp("e2e-data")
    first = pipeline(data_dir=str(data), sample_seed=SEED, sample_adverts=ADVERTS)
    counts_after_first = table_counts(data / "leadtrends.duckdb")
    second = pipeline(data_dir=str(data), sample_seed=SEED, sample_adverts=ADVERTS)
    return data, first, counts_after_first, second


def table_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0]
                for t in ("postings", "skills", "posting_skills", "runs")}


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_well_formed_advert_lands_once_with_its_ground_truth_family(board, runs):
    data, first, _, _ = runs
    good = [a for a in board.adverts if not a.broken]
    expected = Counter(a.role_family for a in good)
    got = dict(query(data / "leadtrends.duckdb",
                     "select role_family, count(*) from postings group by 1"))
    assert got == dict(expected)
    assert first.postings_new == len(good)


def test_seniority_matches_ground_truth(board, runs):
    data, *_ = runs
    expected = Counter(a.seniority for a in board.adverts if not a.broken)
    got = dict(query(data / "leadtrends.duckdb",
                     "select seniority, count(*) from postings group by 1"))
    assert got == dict(expected)


def test_malformed_pages_are_counted_and_skipped_while_the_crawl_goes_on(board, runs):
    _, first, _, _ = runs
    site = next(s for s in first.sources if s.source == "sample-site")
    # pages_skipped also counts sitemap pages that are not adverts (/about.html) and robots.txt refusals.
    assert board.broken_ids and sum(site.dropped.values()) == len(board.broken_ids)
    site_adverts = [a for a in board.adverts if a.channel == "site" and not a.broken]
    assert site.items == len(site_adverts)


def _period_share(db: Path, skill_name: str, start: date, end: date) -> float:
    (mentions, denominators), = query(db, """
        select sum(t.postings_with_skill), sum(t.target_postings)
        from skill_trends_monthly t join skills s using (skill_id)
        where lower(s.name) = lower(?) and t.role_family = 'all' and t.seniority = 'all'
          and t.month >= ? and t.month < ?""", [skill_name, start, end])
    assert denominators, f"{skill_name}: no target postings between {start} and {end}"
    return (mentions or 0) / denominators


@pytest.mark.parametrize("direction", ["rising", "falling"])
def test_generated_skill_trends_show_in_skill_trends_monthly(board, runs, direction):
    data, *_ = runs
    db = data / "leadtrends.duckdb"
    months = sorted({a.date_posted.replace(day=1) for a in board.adverts})
    first_year = (months[0], months[12])
    last_year = (months[-12], date(months[-1].year + 1, 1, 1))
    skills = [name for name, trend in TRENDS.items() if trend == direction]
    assert skills
    for name in skills:
        early, late = _period_share(db, name, *first_year), _period_share(db, name, *last_year)
        if direction == "rising":
            assert late > early, f"{name} should rise: {early:.2f} -> {late:.2f}"
        else:
            assert late < early, f"{name} should fall: {early:.2f} -> {late:.2f}"


def test_second_run_adds_no_rows_and_records_itself(runs):
    data, _, before, second = runs
    after = table_counts(data / "leadtrends.duckdb")
    assert second.postings_new == 0 and second.postings_changed == 0
    # Unchanged adverts are recognised by content hash and not extracted again.
    assert second.extracted == 0 and second.seen_unchanged == first_run_postings(runs)
    assert {k: v for k, v in after.items() if k != "runs"} == \
        {k: v for k, v in before.items() if k != "runs"}
    assert after["runs"] == before["runs"] + 1


def first_run_postings(runs) -> int:
    return runs[1].postings_new


def test_every_analysis_is_exported_with_a_sidecar_and_drawn_in_the_report(runs):
    from warehouse.export import ANALYSES

    data, first, _, _ = runs
    exported = [Path(p) for p in first.exports]
    assert {p.name for p in exported} == {f"{name}.{fmt}" for name in ANALYSES
                                          for fmt in ("csv", "parquet")}
    for path in exported:
        assert path.parent == data / "exports"
        assert path.with_name(path.name + ".json").is_file()
    for name in ("skill_share", "skill_trends_monthly", "skill_pairs", "coverage"):
        _header, *rows = (data / "exports" / f"{name}.csv").read_text().splitlines()
        assert rows, name
    assert Path(first.report) == data / "exports" / "report.html"
    assert "vegaEmbed" in Path(first.report).read_text()
