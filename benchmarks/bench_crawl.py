"""Crawl throughput: JSON-LD mapping on saved pages, a loopback crawl, and `scrapy bench`.

    .venv/bin/python benchmarks/bench_crawl.py [--adverts 7200] [--repeat 3] [--bench-seconds 20]

1. Parse: postings/s of the pure JSON-LD path (script text -> JobPosting -> Posting fields),
   and of the whole page path (HTML -> ld+json scripts -> fields), on the sample board's
   advert pages held in memory.
2. Crawl: the `jobposting` spider over the sample board served on 127.0.0.1 (robots.txt ->
   sitemaps -> every advert page), in a subprocess as the pipeline runs it.
3. Reference: `scrapy bench` (Scrapy's own loopback link-following spider, no parsing work)
   on the same machine, from its "Crawled N pages (at X pages/min)" log lines.

Prints a Markdown table for docs/BENCHMARKS.md and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine
from parsel import Selector

from leadtrends.sample_board import SampleBoardServer, generate_board
from scrapers.jsonld import MalformedJsonLd, find_job_postings, load_jsonld, map_job_posting
from scrapers.runner import run_spider

_SCRIPT = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
_LD_XPATH = "//script[contains(@type, 'ld+json')]/text()"
_BENCH_LINE = re.compile(r"Crawled (\d+) pages \(at (\d+) pages/min\)")


def _map_scripts(scripts: list[tuple[str, str]]) -> int:
    postings = 0
    for url, text in scripts:
        try:
            value = load_jsonld(text)
        except MalformedJsonLd:
            continue
        for job in find_job_postings(value):
            map_job_posting(job, url)
            postings += 1
    return postings


def _parse_pages(pages: list[tuple[str, str]]) -> int:
    scripts = [(url, script) for url, html in pages
               for script in Selector(text=html).xpath(_LD_XPATH).getall()]
    return _map_scripts(scripts)


def best_of(repeat: int, fn: object) -> tuple[float, int]:
    """Fastest of ``repeat`` runs (least disturbed by the machine), and its result."""
    assert callable(fn)
    times, result = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_parse(adverts: int, repeat: int) -> list[tuple[str, str, str]]:
    board = generate_board(n_adverts=adverts)
    base = "http://127.0.0.1:8000"
    pages = [(base + path, body.decode("utf-8")) for path, (_, body) in board.pages(base).items()
             if b"application/ld+json" in body]
    scripts = [(url, match.group(1).decode("utf-8")) for url, html in pages
               for match in _SCRIPT.finditer(html.encode("utf-8"))]
    rows = []
    secs, n = best_of(repeat, lambda: _map_scripts(scripts))
    rows.append(("JSON-LD mapping (script text -> fields)", f"{n} postings",
                 f"{n / secs:,.0f} postings/s"))
    secs, n = best_of(repeat, lambda: _parse_pages(pages))
    rows.append(("page parse (HTML -> scripts -> fields)", f"{len(pages)} pages",
                 f"{n / secs:,.0f} postings/s"))
    return rows


def bench_crawl(adverts: int, workdir: Path) -> tuple[tuple[str, str, str], float]:
    board = generate_board(n_adverts=adverts)
    with SampleBoardServer(board) as server:
        result = run_spider("jobposting", "bench", workdir / "bench.jsonl",
                            workdir / "bench.stats.json",
                            spider_args={"robots_url": server.robots_url}, timeout=3600)
    pages = int(result.stats.get("response_received_count", 0))
    # The spider's own clock (open to close), without the subprocess start-up.
    seconds = float(result.stats.get("elapsed_time_seconds") or result.elapsed_seconds)
    per_min = pages / seconds * 60
    work = f"{pages} pages, {result.items_scraped} postings, {seconds:.1f} s"
    row = ("loopback crawl, `jobposting` spider", work, f"{per_min:,.0f} pages/min")
    return row, per_min


def bench_scrapy(seconds: int, workdir: Path) -> tuple[tuple[str, str, str], float]:
    # Run outside the project so `scrapy bench` uses Scrapy's defaults, as it documents.
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=seconds + 120,
        check=False)
    lines = [(int(n), int(rate)) for n, rate in _BENCH_LINE.findall(completed.stderr)]
    if not lines:
        raise SystemExit(f"scrapy bench printed no 'Crawled' lines:\n{completed.stderr[-2000:]}")
    # The first interval includes start-up; the median steady-state rate is the fair figure.
    rates = [rate for _, rate in lines[1:] if rate > 0] or [lines[-1][1]]
    per_min = float(statistics.median(rates))
    row = ("`scrapy bench` (reference, no parsing)", f"{lines[-1][0]} pages, {seconds} s",
           f"{per_min:,.0f} pages/min")
    return row, per_min


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adverts", type=int, default=7200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bench-seconds", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="leadtrends-bench-crawl-"))

    rows = bench_parse(args.adverts, args.repeat)
    crawl_row, crawl_rate = bench_crawl(args.adverts, workdir)
    bench_row, bench_rate = bench_scrapy(args.bench_seconds, workdir)
    rows += [crawl_row, bench_row,
             ("crawl / scrapy bench", "", f"{crawl_rate / bench_rate:.2f}x")]

    print("| what | work | throughput |")
    print("|---|---|---|")
    for what, work, rate in rows:
        print(f"| {what} | {work} | {rate} |")
    print()
    print(f"Machine: {machine()}")
    print(json.dumps({"crawl_pages_per_min": round(crawl_rate),
                      "scrapy_bench_pages_per_min": round(bench_rate),
                      "ratio": round(crawl_rate / bench_rate, 3)}))


if __name__ == "__main__":
    main()
