"""What memory zones cost and leave: speed and vocabulary growth of three ways to stream adverts.

    .venv/bin/python benchmarks/bench_zones.py [--postings 50000]

Each way runs in a fresh process on the rules-only pipeline over ``--postings`` sample
adverts, each with a unique reference (so every advert brings new strings):

- ``no zones``: plain ``nlp.pipe``, as the extract stage ran before memory zones;
- ``zones only``: a ``Language.memory_zone()`` per 1,000 from the first advert on;
- ``pipe_in_zones``: the product's way (``nlp.pipeline.pipe_in_zones``): the first 1,000
  outside a zone, then a zone per 1,000.

It prints postings/s, RSS, the number of strings in the vocabulary and the slots of the
string store's hash table (``StringStore._map.capacity``, a preshed map): a zone frees its
strings, but the table keeps their slots as deleted ones and doubles when full, which is
the growth that is left.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

from machine import machine

WAYS = ("no zones", "zones only", "pipe_in_zones")


def run(way: str, postings: int) -> None:
    from bench_nlp import rss_mib, texts_of
    from spacy.language import Language

    from nlp.pipeline import ZONE_POSTINGS, load_pipeline, pipe_in_zones

    nlp = load_pipeline(rules_only=True)
    texts = texts_of(1000)
    unique = (f"{texts[n % len(texts)]}\nReference: LT{n:07d}-{n * 7919:x}"
              for n in range(postings))
    start = time.perf_counter()
    if way == "no zones":
        for _ in nlp.pipe(unique, batch_size=64):
            pass
    elif way == "zones only":
        while chunk := list(islice(unique, ZONE_POSTINGS)):
            with nlp.memory_zone():
                for _ in nlp.pipe(chunk, batch_size=64):
                    pass
    else:
        for _ in pipe_in_zones(nlp, unique, Language.make_doc, batch_size=64):
            pass
    seconds = time.perf_counter() - start
    print(f"| {way} | {postings / seconds:,.0f} | {rss_mib():.0f} | "
          f"{len(nlp.vocab.strings):,} | {nlp.vocab.strings._map.capacity:,} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # one child's run
    args = parser.parse_args()
    if args.way:
        run(args.way, args.postings)
        return
    print(f"Machine: {machine()}\n{args.postings:,} sample adverts with unique references, "
          "rules-only pipeline, one fresh process each\n")
    print("| way | postings/s | RSS MiB at the end | strings in the vocabulary "
          "| string table slots |")
    print("|---|---:|---:|---:|---:|", flush=True)
    for way in WAYS:
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--way", way,
                        "--postings", str(args.postings)], check=True)


if __name__ == "__main__":
    main()
