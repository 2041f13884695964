"""Parse throughput per connector: postings/s of each pure mapping on its saved responses.

    .venv/bin/python benchmarks/bench_parsers.py [--seconds 1.0]

Each connector's mapping (answer JSON -> Posting fields, including HTML -> text) runs over
the records of its saved responses in tests/files/ again and again for ``--seconds``;
records the mapping rejects on purpose (the fixtures hold some) count as work done but
not as postings. The NYC dump import is timed once on ../shared/data when it is there.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import machine

from scrapers import (
    arbeitnow,
    ashby,
    greenhouse,
    hn_hiring,
    lever,
    nyc_jobs,
    remoteok,
    smartrecruiters,
    themuse,
    usajobs,
    workable,
)
from scrapers.record_fields import MalformedRecord

REPO = Path(__file__).resolve().parents[1]
SAVED = REPO / "tests" / "files" / "sources"
NYC_DUMP = REPO.parent / "shared" / "data" / "nyc-jobs-postings" / "Jobs_NYC_Postings.xlsx"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _records(pattern: str, extract: Callable[[Any], list[Any]], folder: Path = SAVED) -> list[Any]:
    return [record for path in sorted(folder.glob(pattern)) for record in extract(_json(path))]


CONNECTORS: dict[str, tuple[Callable[[], list[Any]], Callable[[Any], Any]]] = {
    "greenhouse": (lambda: _records("acme.json", greenhouse.board_jobs,
                                    REPO / "tests" / "files" / "scrapers" / "greenhouse"),
                   lambda job: greenhouse.map_greenhouse_job(job, "acme")),
    "lever": (lambda: _records("lever/northwind-page*.json", lever.page_postings),
              lambda posting: lever.map_lever_posting(posting, "northwind")),
    "ashby": (lambda: _records("ashby/quillon.json", ashby.board_jobs),
              lambda job: ashby.map_ashby_job(job, "quillon")),
    "smartrecruiters": (lambda: _records("smartrecruiters/posting-*.json", lambda p: [p]),
                        lambda p: smartrecruiters.map_smartrecruiters_posting(p, "HalcyonHealth")),
    "workable": (lambda: _records("workable/brightkiln.json",
                                  lambda p: workable.account_jobs(p)[1]),
                 lambda job: workable.map_workable_job(job, "brightkiln")),
    "nyc_jobs": (lambda: _records("nyc_jobs/page*.json", nyc_jobs.page_rows),
                 lambda row: nyc_jobs.map_nyc_job(row, api_base="https://data.cityofnewyork.us")),
    "usajobs": (lambda: _records("usajobs/page*.json", lambda p: usajobs.search_items(p)[0]),
                usajobs.map_usajobs_item),
    "hn_hiring": (lambda: _records("hn_hiring/comments_page*.json",
                                   lambda p: hn_hiring.search_hits(p)[0]),
                  hn_hiring.map_hn_comment),
    "remoteok": (lambda: _records("remoteok/api.json", lambda p: remoteok.feed_jobs(p)[0]),
                 remoteok.map_remoteok_job),
    "arbeitnow": (lambda: _records("arbeitnow/page*.json", lambda p: arbeitnow.board_page(p)[0]),
                  arbeitnow.map_arbeitnow_job),
    "themuse": (lambda: _records("themuse/page*.json", lambda p: themuse.results_page(p)[0]),
                themuse.map_muse_job),
}


def throughput(records: list[Any], mapping: Callable[[Any], Any], seconds: float
               ) -> tuple[int, float]:
    """(postings mapped per pass, postings/s) over repeated passes for ``seconds``."""
    def one_pass() -> int:
        mapped = 0
        for record in records:
            try:
                mapping(record)
                mapped += 1
            except (MalformedRecord, ValueError, TypeError, KeyError):
                pass
        return mapped

    per_pass, passes, start = one_pass(), 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        one_pass()
        passes += 1
    elapsed = time.perf_counter() - start
    return per_pass, per_pass * passes / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    print("| connector | saved records | postings per pass | postings/s |")
    print("|---|---:|---:|---:|")
    for name, (load, mapping) in CONNECTORS.items():
        records = load()
        per_pass, rate = throughput(records, mapping, args.seconds)
        print(f"| {name} | {len(records)} | {per_pass} | {rate:,.0f} |")
    if NYC_DUMP.exists():
        from leadtrends.importers import import_file

        with tempfile.TemporaryDirectory() as tmp:
            result = import_file(NYC_DUMP, "nyc-open-data", Path(tmp) / "nyc.jsonl")
        print(f"| import nyc-open-data (xlsx, whole file) | {result.rows_read} rows | "
              f"{result.postings_written} | {result.postings_written / result.elapsed_seconds:,.0f} |")


if __name__ == "__main__":
    main()
