"""Extract-pipeline speed on sample adverts, words/s against a blank tokenizer, and memory.

    .venv/bin/python benchmarks/bench_nlp.py [--adverts 1000] [--repeat 3] [--memory-postings 100000]

1. Throughput: the leadtrends pipeline (rules: sections, taxonomy skills, experience, title)
   over the descriptions of ``--adverts`` sample-board adverts (~400 words each), one process,
   ``nlp.pipe`` in batches; postings/s and words/s, median of ``--repeat`` runs.
2. Ceilings: the pipeline's own tokenizer alone, and spaCy's blank English tokenizer, on the
   same texts (words/s).
3. Memory: RSS while ``--memory-postings`` postings stream through the pipeline inside
   ``Language.memory_zone()`` per batch (spaCy 3.8 frees per-batch strings/vocab there).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy
from machine import machine

from leadtrends.sample_board import generate_board
from nlp.pipeline import load_pipeline
from scrapers.description_text import html_to_text


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def texts_of(adverts: int) -> list[str]:
    board = generate_board(n_adverts=adverts)
    return [html_to_text(a.description_html) for a in board.adverts]


def timed(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adverts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-postings", type=int, default=100_000)
    args = parser.parse_args()

    texts = texts_of(args.adverts)
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()
    blank = spacy.blank("en")

    def run_pipeline() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    def run_blank() -> None:
        for _ in blank.pipe(texts, batch_size=64):
            pass

    def run_tokenizer() -> None:
        for text in texts:
            nlp.make_doc(text)

    run_pipeline()  # warm-up: phrase matchers, caches
    pipeline_s = timed(run_pipeline, args.repeat)
    blank_s = timed(run_blank, args.repeat)
    tokenizer_s = timed(run_tokenizer, args.repeat)

    print(f"Machine: {machine()}")
    print(f"{len(texts)} sample adverts, {words / len(texts):.0f} words each on average; "
          f"median of {args.repeat} runs\n")
    print("| path | postings/s | words/s |")
    print("|---|---:|---:|")
    print(f"| leadtrends rules pipeline ({', '.join(nlp.pipe_names)}) | "
          f"{len(texts) / pipeline_s:,.0f} | {words / pipeline_s:,.0f} |")
    print(f"| its tokenizer alone (the pipeline's ceiling) | {len(texts) / tokenizer_s:,.0f} | "
          f"{words / tokenizer_s:,.0f} |")
    print(f"| blank spaCy English tokenizer (`spacy.blank('en')`) | {len(texts) / blank_s:,.0f} | "
          f"{words / blank_s:,.0f} |")

    if args.memory_postings:
        print(f"\nMemory over {args.memory_postings:,} postings (RSS, MiB):\n")
        print("| postings | RSS MiB |")
        print("|---:|---:|")
        done, batch, checkpoints = 0, 1000, 5
        every = max(1, args.memory_postings // checkpoints)
        start = time.perf_counter()
        print(f"| 0 | {rss_mib():.0f} |")
        while done < args.memory_postings:
            with nlp.memory_zone():
                for _ in nlp.pipe(texts[:batch], batch_size=64):
                    pass
            done += batch
            if done % every == 0:
                print(f"| {done:,} | {rss_mib():.0f} |", flush=True)
        elapsed = time.perf_counter() - start
        print(f"\n{done:,} postings in {elapsed:.0f} s ({done / elapsed:,.0f} postings/s)")


if __name__ == "__main__":
    main()
