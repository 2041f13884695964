"""Duplicate clustering at scale: time ``rebuild_clusters`` and score it on planted duplicates.

    .venv/bin/python benchmarks/bench_dedupe.py [--postings 1000000] [--db /tmp/dedupe.duckdb]
        [--seed 7]

A child process writes N synthetic postings into a fresh warehouse file by one bulk INSERT
from a Polars frame: originals (a pseudo-word body of 120-400 words drawn with a skewed
word popularity, the company's boilerplate paragraph, often an equal-opportunity
sentence; 50 leadership titles; one company per 25 originals) plus planted duplicates of
random originals:

* 5 % exact_url: another source, the same URL plus tracking parameters; half keep the text
  (re-spaced), half carry a description cut to its first 60 % (only the URL links those);
* 5 % exact_content: another source and URL, the same text;
* 10 % near: a re-post on the same source with 1-3 body words replaced.

Duplicates are first seen 1-60 days after their original. This process then opens the
file, runs ``rebuild_clusters`` in one transaction and prints seconds, postings/s, peak
RSS (VmHWM of this process only: the generator's memory stays in the child), and recall
and precision against the planted groups. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from machine import machine

from warehouse.connect import connect
from warehouse.dedupe import NEAR_THRESHOLD, rebuild_clusters
from warehouse.urls import canonical_url

SHARES = {"exact_url": 0.05, "exact_content": 0.05, "near": 0.10}
SOURCES = ["board-a", "board-b", "greenhouse", "lever", "nyc"]
TITLES = [f"{level} {area}" for level in ("Head of", "Director of", "VP of", "Manager,", "Lead,")
          for area in ("Engineering", "IT", "Platform", "Data", "Security", "Infrastructure",
                       "Cloud", "Product Engineering", "DevOps", "Software Development")]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "da", "fu", "gi",
             "ha", "jo", "ke", "lu", "ma", "no", "pi", "qua", "re", "si", "tu"]
VOCABULARY = 20_000
BATCH = 100_000


def pseudo_words(count: int, rng: np.random.Generator) -> list[str]:
    """Distinct pronounceable nonsense words (a real vocabulary's size, not its meaning)."""
    words: dict[str, None] = {}
    while len(words) < count:
        parts = rng.integers(0, len(SYLLABLES), size=(count, 4))
        sizes = rng.integers(1, 5, size=count)
        for row, size in zip(parts, sizes, strict=True):
            words["".join(SYLLABLES[p] for p in row[:size])] = None
    return list(words)[:count]


def join_words(vocab: pa.Array, ids: np.ndarray, lengths: np.ndarray) -> pl.Series:
    """Texts made of ``vocab[ids]``, ``lengths[i]`` words each, joined by spaces."""
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    words = pc.take(vocab, pa.array(ids.astype(np.int32)))
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), words)
    return pl.Series(pl.from_arrow(lists)).list.join(" ")


def synthetic(n: int, seed: int) -> pl.DataFrame:
    """N postings with planted duplicates; ``truth`` names each one's original."""
    rng = np.random.default_rng(seed)
    counts = {kind: round(n * share) for kind, share in SHARES.items()}
    originals = n - sum(counts.values())
    vocab = pa.array(pseudo_words(VOCABULARY, rng), type=pa.large_string())
    popularity = 1.0 / np.arange(1, VOCABULARY + 1) ** 1.05
    popularity /= popularity.sum()

    companies = max(originals // 25, 10)
    company_names = join_words(vocab, rng.choice(VOCABULARY, 2 * companies, p=popularity),
                               np.full(companies, 2)) + " Ltd"
    boilerplate = join_words(vocab, rng.choice(VOCABULARY, 40 * companies, p=popularity),
                             np.full(companies, 40))
    equal_opportunity = " ".join(pseudo_words(25, np.random.default_rng(seed + 1)))

    # Bodies as word ids: originals drawn, near duplicates copied with 1-3 words replaced.
    lengths = rng.integers(120, 401, size=originals)
    ids = rng.choice(VOCABULARY, int(lengths.sum()), p=popularity).astype(np.uint16)
    near_of = rng.integers(0, originals, size=counts["near"])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    near_lengths = lengths[near_of]
    near_first = np.concatenate([[0], np.cumsum(near_lengths)[:-1]])
    near_ids = ids[np.repeat(starts[near_of] - near_first, near_lengths)
                   + np.arange(int(near_lengths.sum()))]
    changes = rng.integers(1, 4, size=counts["near"])
    for change in range(3):
        where = np.flatnonzero(changes > change)
        at = near_first[where] + rng.integers(0, near_lengths[where])
        near_ids[at] = rng.integers(0, VOCABULARY, size=len(where))
    bodies = pl.concat([
        pl.concat([join_words(vocab, ids[s:s + int(lengths[i:i + BATCH].sum())],
                              lengths[i:i + BATCH])
                   for i, s in ((i, int(starts[i])) for i in range(0, originals, BATCH))]),
        join_words(vocab, near_ids, near_lengths),
    ])

    company = rng.integers(0, companies, size=originals)
    first_seen = (np.datetime64("2024-01-01T00:00:00")
                  + rng.integers(0, 365 * 24 * 3600, size=originals).astype("timedelta64[s]"))
    base = pl.DataFrame({
        "source": pl.Series(SOURCES).gather(rng.integers(0, len(SOURCES), size=originals)),
        "source_id": [f"o{i}" for i in range(originals)],
        "title": pl.Series(TITLES).gather(rng.integers(0, len(TITLES), size=originals)),
        "company": company_names.gather(company),
        "description": bodies.head(originals) + " " + boilerplate.gather(company)
                       + pl.Series(np.where(rng.random(originals) < 0.4,
                                            " " + equal_opportunity, "")),
        "first_seen_at": pl.Series(first_seen.astype("datetime64[us]")),
    }).with_columns(
        url=pl.format("https://jobs.example.com/{}/{}", pl.col("source"), pl.col("source_id")),
        truth=pl.format("{}:{}", pl.col("source"), pl.col("source_id")),
        planted=pl.lit("original"),
    ).with_columns(canonical_url=pl.col("url"))

    def copies(kind: str, of: np.ndarray) -> pl.DataFrame:
        later = pl.Series(rng.integers(1, 61, size=len(of)) * 86_400_000_000
                          ).cast(pl.Duration("us"))
        return base.select(pl.all().gather(of)).with_columns(planted=pl.lit(kind),
                                     first_seen_at=pl.col("first_seen_at") + later)

    url_of = rng.integers(0, originals, size=counts["exact_url"])
    url = copies("exact_url", url_of).with_columns(
        source=pl.lit("aggregator"),
        source_id=pl.format("u{}", pl.int_range(pl.len())),
        url=pl.col("url") + "?utm_source=feed&gh_src=x1",
        description=pl.when(pl.int_range(pl.len()) % 2 == 0)
        .then(pl.col("description").str.replace_all(" ", "  ", literal=True))
        .otherwise(pl.col("description").str.slice(
            0, (pl.col("description").str.len_chars() * 0.6).cast(pl.Int64))),
    )
    url = url.with_columns(canonical_url=pl.Series([canonical_url(u) for u in url["url"]]))
    content = copies("exact_content", rng.integers(0, originals, size=counts["exact_content"])
                     ).with_columns(source=pl.lit("mirror"),
                                    source_id=pl.format("c{}", pl.int_range(pl.len())),
                                    url=pl.format("https://mirror.example.net/{}",
                                                  pl.int_range(pl.len()))
                                    ).with_columns(canonical_url=pl.col("url"))
    near = copies("near", near_of).with_columns(
        source_id=pl.format("r{}", pl.int_range(pl.len())),
        description=bodies.tail(counts["near"]) + " "
                    + boilerplate.gather(company[near_of])
                    + pl.Series(np.where(base["description"].gather(near_of)
                                         .str.ends_with(equal_opportunity),
                                         " " + equal_opportunity, "")),
    ).with_columns(url=pl.format("https://jobs.example.com/{}/{}", pl.col("source"),
                                 pl.col("source_id")))
    near = near.with_columns(canonical_url=pl.col("url"))
    frame = pl.concat([base, url, content, near], how="diagonal_relaxed")
    return frame.with_columns(
        posting_key=pl.format("{}:{}", pl.col("source"), pl.col("source_id")),
        content_hash=pl.format("{}:{}", pl.col("source"), pl.col("source_id")),
        is_target=pl.lit(True),
        scraped_at=pl.col("first_seen_at"),
        last_seen_at=pl.col("first_seen_at"),
        first_run_id=pl.lit("bench"),
        last_run_id=pl.lit("bench"),
    )


def build(db: Path, n: int, seed: int) -> None:
    """Write the synthetic warehouse (run in a child so its memory is not counted)."""
    frame = synthetic(n, seed)
    with connect(db) as con:
        con.register("bench_postings", frame.drop("truth", "planted"))
        con.execute("INSERT INTO postings BY NAME SELECT * FROM bench_postings")
        con.register("bench_truth_frame", frame.select("posting_key", "truth", "planted"))
        con.execute("CREATE TABLE bench_truth AS SELECT * FROM bench_truth_frame")


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def score(con) -> dict[str, float]:
    """Recall per planted kind (duplicate in its original's cluster), overall precision."""
    rows = con.sql("""
        SELECT t.planted, t.truth, c.method, c.cluster_id,
               truth_of_canonical.truth AS canonical_truth,
               orig.cluster_id AS original_cluster
        FROM bench_truth AS t
        JOIN posting_clusters AS c USING (posting_key)
        JOIN bench_truth AS truth_of_canonical ON truth_of_canonical.posting_key = c.cluster_id
        JOIN posting_clusters AS orig ON orig.posting_key = t.truth
    """).pl()
    result = {}
    for kind in SHARES:
        planted = rows.filter(pl.col("planted") == kind)
        result[f"recall {kind}"] = (planted["cluster_id"] == planted["original_cluster"]).mean()
    linked = rows.filter(pl.col("method") != "self")
    result["precision"] = (linked["truth"] == linked["canonical_truth"]).mean()
    result["originals merged with another original"] = rows.filter(
        (pl.col("planted") == "original") & (pl.col("method") != "self")).height
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="leadtrends-dedupe-")) / "dedupe.duckdb"
    db.unlink(missing_ok=True)

    started = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(target=build,
                                                         args=(db, args.postings, args.seed))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"building the synthetic warehouse failed ({child.exitcode})")
    built = time.perf_counter() - started

    with connect(db) as con:
        rss_before = peak_rss_mib()
        con.begin()
        clock = time.perf_counter()
        stats = rebuild_clusters(con, datetime.now(UTC).replace(tzinfo=None))
        con.commit()
        seconds = time.perf_counter() - clock
        rss = peak_rss_mib()
        scores = score(con)
        methods = dict(con.sql("SELECT method, count(*) FROM posting_clusters "
                               "GROUP BY method ORDER BY method").fetchall())

    print(f"Machine: {machine()}")
    print(f"Synthetic warehouse: {args.postings:,} postings (seed {args.seed}), "
          f"built in {built:.0f} s; near threshold {NEAR_THRESHOLD}\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| rebuild_clusters (read + cluster + replace, one transaction) | {seconds:.1f} s |")
    print(f"| of which read + normalise + MinHash / link + canonical / replace | "
          f"{stats.sketch_seconds:.1f} s / "
          f"{stats.seconds - stats.sketch_seconds - stats.write_seconds:.1f} s / "
          f"{stats.write_seconds:.1f} s |")
    print(f"| throughput | {args.postings / seconds:,.0f} postings/s |")
    print(f"| peak RSS (VmHWM) before / after | {rss_before:,.0f} MiB / {rss:,.0f} MiB |")
    print(f"| clusters | {stats.clusters:,} |")
    print(f"| LSH candidate pairs verified | {stats.candidate_pairs:,} |")
    print(f"| rows by method | {', '.join(f'{k} {v:,}' for k, v in methods.items())} |")
    for name, value in scores.items():
        shown = f"{value:.4f}" if isinstance(value, float) else f"{value:,}"
        print(f"| {name} | {shown} |")
    print(f"\nWarehouse file: {db} ({db.stat().st_size / 2**20:,.0f} MiB)")


if __name__ == "__main__":
    main()
