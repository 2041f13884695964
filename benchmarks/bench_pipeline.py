"""The whole run on generated postings: stage times, Prefect's share, Dask speed-up.

    .venv/bin/python benchmarks/bench_pipeline.py [--postings 100000] [--batch-size 500]
        [--data-dir DIR]

1. Generates ``--postings`` sample-board adverts and writes them as a JSON Lines dump, the
   input of a ``file`` source (generation is not timed as part of the run; crawl speed over
   HTTP is bench_crawl.py's and bench_stages.py's subject).
2. Direct: the stages called in this process, no Prefect: import (the file source's crawl),
   extract (serially, in batches), load, export, report. Time per stage.
3. Flow, 1 worker: ``flows.pipeline.pipeline`` on the same sources file in a fresh data
   directory, after a warm-up run so the Prefect API is up (a deployment's server is always
   up). Prefect's overhead = flow wall time - direct wall time, as a share of the flow.
4. Flow, 2 Dask workers (LocalCluster): the same with ``extract_workers=2``; the extract
   speed-up is the 1-worker extract time over the 2-worker one (the ledger times each stage).

Prints Markdown tables for docs/BENCHMARKS.md, with the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from machine import machine

from leadtrends.prefect_env import configure_prefect_env

configure_prefect_env()

from flows.pipeline import pipeline
from leadtrends import stages
from leadtrends.paths import DataPaths
from leadtrends.sample_board import generate_board
from leadtrends.sources import load_sources

SOURCE = "generated"


def write_dump(postings: int, path: Path) -> int:
    board = generate_board(seed=11, n_adverts=postings)
    with path.open("w", encoding="utf-8") as out:
        for advert in board.adverts:
            out.write(json.dumps({
                "id": advert.id, "url": f"https://jobs.example.org{advert.path}",
                "title": advert.title, "company": advert.company,
                "description_html": advert.description_html,
                "date_posted": advert.date_posted.isoformat(),
                "location_raw": f"{advert.city}, {advert.country}", "country": advert.country,
                "employment_type": advert.employment_type, "remote": advert.remote,
            }) + "\n")
    return len(board.adverts)


def direct(sources: Path, root: Path, batch_size: int) -> dict[str, float]:
    """Each stage called as a plain function; seconds per stage."""
    paths = DataPaths(root).ensure()
    times: dict[str, float] = {}

    def timed(name: str, fn):
        start = time.perf_counter()
        result = fn()
        times[name] = time.perf_counter() - start
        return result

    with stages.source_specs(load_sources(sources)) as (spec,):
        timed("crawl (import)", lambda: stages.crawl_source(spec, paths))
    timed("extract", lambda: stages.extract(paths, "direct", date.today(), sources=[SOURCE],
                                            batch_size=batch_size))
    timed("load", lambda: stages.load(paths, "direct"))
    timed("export", lambda: stages.export(paths))
    timed("report", lambda: stages.report(paths))
    return times


def flow(sources: Path, root: Path, batch_size: int, workers: int) -> tuple[float, dict]:
    start = time.perf_counter()
    summary = pipeline(data_dir=str(root), sources=str(sources), extract_workers=workers,
                       batch_size=batch_size)
    return time.perf_counter() - start, summary.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=stages.EXTRACT_BATCH_SIZE)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.data_dir or Path(tempfile.mkdtemp(prefix="leadtrends-bench-pipeline-"))
    root.mkdir(parents=True, exist_ok=True)
    dump = root / "generated.jsonl"
    start = time.perf_counter()
    adverts = write_dump(args.postings, dump)
    generated = time.perf_counter() - start
    sources = root / "sources.toml"
    sources.write_text(f'[[source]]\nname = "{SOURCE}"\ntype = "file"\npath = "{dump}"\n')

    warm = root / "warm-up"
    small = root / "small.toml"
    small.write_text('[[source]]\nname = "warm"\ntype = "sample-board"\nadverts = 20\n')
    pipeline(data_dir=str(warm), sources=str(small))

    times = direct(sources, root / "direct", args.batch_size)
    direct_total = sum(times.values())
    flow1, seconds1 = flow(sources, root / "flow-1", args.batch_size, 1)
    flow2, seconds2 = flow(sources, root / "flow-2", args.batch_size, 2)

    print(f"\nMachine: {machine()}; {adverts:,} generated adverts (generated in "
          f"{generated:.0f} s); batches of {args.batch_size}\n")
    print("| stage (direct, no Prefect) | seconds | postings/s |\n|---|---:|---:|")
    for name, secs in times.items():
        print(f"| {name} | {secs:.1f} | {adverts / secs:,.0f} |")
    print(f"| **total** | **{direct_total:.1f}** | {adverts / direct_total:,.0f} |\n")
    overhead = flow1 - direct_total
    print("| run | seconds | extract seconds |\n|---|---:|---:|")
    print(f"| stages called directly | {direct_total:.1f} | {times['extract']:.1f} |")
    print(f"| Prefect flow, extract in-process | {flow1:.1f} | {seconds1['extract']:.1f} |")
    print(f"| Prefect flow, extract on 2 Dask workers | {flow2:.1f} | "
          f"{seconds2['extract']:.1f} |\n")
    print(f"Prefect overhead: {overhead:.1f} s = {overhead / flow1:.1%} of the flow run; "
          f"extract speed-up with 2 Dask workers: {seconds1['extract'] / seconds2['extract']:.2f}x")
    if args.data_dir is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
