"""Time each stage on the sample board: postings/s for crawl and extract, rows/s for load.

    .venv/bin/python benchmarks/bench_stages.py [--adverts 1500] [--repeat 3] [--data-dir DIR]

Stages are called directly (no Prefect), each on the previous stage's files, the way
``leadtrends crawl|extract|load|export`` runs them. The load is timed into a fresh
warehouse (all rows new) and again into the same one (all rows unchanged). Prints a
Markdown table to paste into docs/BENCHMARKS.md, with the machine it ran on.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import machine

from leadtrends import stages
from leadtrends.paths import DataPaths


def timed(fn: Callable[[], Any], repeat: int, before: Callable[[], None] | None = None
          ) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adverts", type=int, default=stages.SAMPLE_ADVERTS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.data_dir or Path(tempfile.mkdtemp(prefix="leadtrends-bench-"))
    paths = DataPaths.resolve(root).ensure()
    rows: list[tuple[str, str, float, str]] = []

    with stages.serve_sample_board(adverts=args.adverts) as sources:
        total_items, total_secs = 0, 0.0
        for spec in sources:
            secs, result = timed(lambda spec=spec: stages.crawl_source(spec, paths), args.repeat)
            total_items, total_secs = total_items + result.items_scraped, total_secs + secs
            rows.append((f"crawl {spec.name}", f"{result.items_scraped} postings", secs,
                         f"{result.items_scraped / secs:.0f} postings/s"))
    rows.append(("crawl (both sources, sequential)", f"{total_items} postings", total_secs,
                 f"{total_items / total_secs:.0f} postings/s"))

    secs, extracted = timed(lambda: stages.extract(paths), args.repeat)
    rows.append(("extract (spaCy pipeline incl. load)", f"{extracted.postings_out} postings", secs,
                 f"{extracted.postings_out / secs:.0f} postings/s"))

    def fresh_warehouse() -> None:
        paths.warehouse.unlink(missing_ok=True)

    secs, loaded = timed(lambda: stages.load(paths), args.repeat, before=fresh_warehouse)
    load_rows = loaded.postings_in + loaded.skill_facts
    rows.append(("load into a new warehouse", f"{load_rows} rows", secs,
                 f"{load_rows / secs:.0f} rows/s"))
    secs, _ = timed(lambda: stages.load(paths), args.repeat)
    rows.append(("load again (all unchanged)", f"{load_rows} rows", secs,
                 f"{load_rows / secs:.0f} rows/s"))
    secs, exported = timed(lambda: stages.export(paths), args.repeat)
    rows.append(("export trend CSVs", f"{len(exported)} files", secs, "-"))

    print(f"Machine: {machine()}")
    print(f"Sample board: {args.adverts} adverts; median of {args.repeat} runs\n")
    print("| stage | volume | seconds | throughput |")
    print("|---|---:|---:|---:|")
    for stage, volume, seconds, rate in rows:
        print(f"| {stage} | {volume} | {seconds:.2f} | {rate} |")
    if args.data_dir is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
