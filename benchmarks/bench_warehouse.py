"""Warehouse at scale: bulk load, analysis query latency, re-load, memory.

    .venv/bin/python benchmarks/bench_warehouse.py [--postings 1000000] [--skills-per-posting 10]
        [--repeat 20] [--db /tmp/bench.duckdb]

Generates synthetic postings (dated over three years, five sources, the real taxonomy's
skill ids, a skewed skill popularity) as Polars frames in the load's own schemas, then:

1. times the real load transaction (``warehouse.load._load_frames``: compare, upsert,
   facts, requirements, lifecycle, clustering, runs row) on a fresh file -> rows/s;
2. times the same load again (every posting unchanged: the daily re-load case);
3. runs each analysis query ``--repeat`` times on a read-only connection -> p50 / p95 ms;
4. prints peak RSS (VmHWM) and the file size.

Nothing here is asserted: the numbers go to docs/BENCHMARKS.md with the machine line.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
from machine import machine

from nlp.taxonomy import load_taxonomy
from warehouse.connect import connect
from warehouse.dedupe import rebuild_clusters
from warehouse.frames import (
    EXPERIENCE_SCHEMA,
    POSTINGS_SCHEMA,
    REQUIREMENTS_SCHEMA,
    SKILL_FACTS_SCHEMA,
    PostingFrames,
    skills_frame,
)
from warehouse.load import _load_frames
from warehouse.trend_counts import refresh_trend_counts

QUERIES = {
    "skill_share_monthly (whole view)": "SELECT * FROM skill_share_monthly",
    "skill_share_monthly, one skill": "SELECT * FROM skill_share_monthly "
                                      "WHERE skill_id = 'kubernetes'",
    "skill_share(quarter, seniority)": "SELECT * FROM skill_share(grain := 'quarter', "
                                       "by := 'seniority', min_postings := 30)",
    "co-occurrence: skills_with('kubernetes')": "SELECT * FROM skills_with('kubernetes')",
    "co-occurrence: skill_pairs top 100 by lift": "SELECT * FROM skill_pairs "
                                                  "WHERE postings_with_both >= 50 "
                                                  "ORDER BY lift DESC LIMIT 100",
    "skill_balance_by_seniority": "SELECT * FROM skill_balance_by_seniority",
    "coverage": "SELECT * FROM coverage",
}
SOURCES = ["board-a", "board-b", "greenhouse", "lever", "nyc"]
FAMILIES = ["technology_management", "technical_operations_management", "other_management",
            "individual_contributor"]
SENIORITIES = ["individual", "lead", "manager", "director", "executive"]


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(postings: int, per_posting: int, seed: int = 7) -> tuple[PostingFrames,
                                                                        pl.DataFrame]:
    rng = np.random.default_rng(seed)
    taxonomy = load_taxonomy()
    skills = skills_frame(taxonomy, Counter())
    ids = np.array([s.skill_id for s in taxonomy])
    # Zipf-like popularity, so co-occurrence has heavy and light pairs like real adverts
    weights = 1.0 / np.arange(1, len(ids) + 1) ** 0.9
    weights /= weights.sum()
    sources = np.array(SOURCES)[rng.integers(0, len(SOURCES), postings)]
    keys = np.char.add(np.char.add(sources, ":"), np.arange(postings).astype(str))
    start = datetime(2023, 1, 1)
    days = rng.integers(0, 3 * 365, postings)
    scraped = datetime(2026, 11, 1)
    frame = pl.DataFrame({
        "posting_key": keys,
        "source": sources,
        "source_id": np.arange(postings).astype(str),
        "title": "Head of IT Operations",
        "company": np.char.add("Company ", rng.integers(0, 20_000, postings).astype(str)),
        "country": np.array(["GB", "US", "DE", "IE"])[rng.integers(0, 4, postings)],
        "date_posted": [start + timedelta(days=int(d)) for d in days],
        "role_family": np.array(FAMILIES)[rng.choice(4, postings, p=[.45, .25, .15, .15])],
        "seniority": np.array(SENIORITIES)[rng.integers(0, 5, postings)],
        "min_years_experience": rng.integers(0, 15, postings).astype(float),
        "salary_min": rng.integers(40, 150, postings) * 1000.0,
    }).with_columns(
        url=pl.lit("https://jobs.example/") + pl.col("source_id"),
        canonical_url=pl.lit("https://jobs.example/") + pl.col("source_id"),
        description=pl.lit("Lead the infrastructure team. ") + pl.col("company"),
        content_hash=pl.col("posting_key"),
        is_target=pl.col("role_family").is_in(FAMILIES[:2]),
        salary_max=pl.col("salary_min") + 10_000.0,
        salary_currency=pl.lit("GBP"), salary_period=pl.lit("year"),
        date_posted=pl.col("date_posted").cast(pl.Date),
        pipeline_version=pl.lit("bench"), scraped_at=pl.lit(scraped),
    )
    frame = pl.DataFrame({name: frame[name] if name in frame.columns else None
                          for name in POSTINGS_SCHEMA}, schema=POSTINGS_SCHEMA)
    # per_posting distinct skills each (sampled with replacement, duplicates dropped)
    owner = np.repeat(np.arange(postings), per_posting)
    picked = rng.choice(len(ids), owner.size, p=weights)
    facts = pl.DataFrame({"owner": owner, "skill": picked}).unique(maintain_order=True)
    offsets = np.arange(facts.height) % per_posting * 20
    facts = pl.DataFrame({
        "posting_key": keys[facts["owner"].to_numpy()],
        "skill_id": ids[facts["skill"].to_numpy()],
        "start_char": offsets, "end_char": offsets + 10,
        "matched_text": "skill", "section": "requirements", "pipeline_version": "bench",
        "label": "KNOWLEDGE", "requirement": "required", "extractor": "taxonomy",
        "sentence_start": offsets, "sentence_end": offsets + 15,
    }, schema=SKILL_FACTS_SCHEMA)
    requirements = pl.DataFrame({"posting_key": keys, "fields_of_study": [[]] * postings,
                                 "certifications": [[]] * postings, "pipeline_version": "bench"})
    requirements = pl.DataFrame({name: requirements[name] if name in requirements.columns
                                 else None for name in REQUIREMENTS_SCHEMA},
                                schema=REQUIREMENTS_SCHEMA)
    experience = pl.DataFrame(schema=EXPERIENCE_SCHEMA)
    return PostingFrames(frame, facts, requirements, experience), skills


def timed_load(db: Path, frames: PostingFrames, skills: pl.DataFrame, run_id: str) -> float:
    seen = pl.DataFrame(schema={"posting_key": pl.String()})
    with connect(db) as con:
        start = time.perf_counter()
        _load_frames(con, frames, skills, seen, params={
            "run_id": run_id, "started_at": datetime(2026, 11, 23), "close_after": 2,
            "postings_file": "bench", "skills_file": "bench", "skipped_records": 0})
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--skills-per-posting", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path("/tmp/leadtrends-bench.duckdb"))
    parser.add_argument("--queries-only", action="store_true",
                        help="time the queries on the warehouse --db already holds")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    if not args.queries_only:
        build(args)
    time_queries(args)


def build(args: argparse.Namespace) -> None:
    for stale in (args.db, args.db.with_name(args.db.name + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    frames, skills = synthetic(args.postings, args.skills_per_posting)
    rows = frames.postings.height + frames.skill_facts.height + frames.requirements.height
    print(f"generated {frames.postings.height:,} postings, {frames.skill_facts.height:,} "
          f"skill facts in {time.perf_counter() - started:.1f} s\n")

    first = timed_load(args.db, frames, skills, "bench-1")
    again = timed_load(args.db, frames, skills, "bench-2")
    print("| load | seconds | rows/s (postings + facts + requirements) |")
    print("|---|---:|---:|")
    print(f"| first load into an empty warehouse | {first:.1f} | {rows / first:,.0f} |")
    print(f"| same postings again (all unchanged) | {again:.1f} | {rows / again:,.0f} |")
    with connect(args.db) as con:  # the two whole-warehouse steps inside every load, alone
        for step, run in (("duplicate clustering (rebuild_clusters)",
                           lambda: rebuild_clusters(con, datetime(2026, 11, 23))),
                          ("trend count tables (refresh_trend_counts)",
                           lambda: refresh_trend_counts(con))):
            con.begin()
            start = time.perf_counter()
            run()
            print(f"| of which {step} | {time.perf_counter() - start:.1f} | |")
            con.rollback()


def time_queries(args: argparse.Namespace) -> None:
    print("\n| query | p50 ms | p95 ms | rows |\n|---|---:|---:|---:|")
    with connect(args.db, read_only=True) as con:
        for name, sql in QUERIES.items():
            times, count = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                # .pl() (Arrow), as analysts read results: fetchall() builds one Python
                # tuple per row, which costs 5x the query on a 42,000-row result
                count = con.sql(sql).pl().height
                times.append((time.perf_counter() - start) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            print(f"| {name} | {statistics.median(times):.0f} | {p95:.0f} | {count:,} |")
    size = args.db.stat().st_size / 1024 / 1024
    print(f"\npeak RSS {peak_rss_mib():,.0f} MiB; warehouse file {size:,.0f} MiB")


if __name__ == "__main__":
    main()
