"""Extract-pipeline speed on sample adverts, words/s against a blank tokenizer, and memory.

    .venv/bin/python benchmarks/bench_nlp.py [--adverts 1000] [--repeat 3]
        [--memory-postings 100000] [--memory-postings-model 20000]

1. Throughput: the full leadtrends pipeline (with the trained span model) and the rules-only
   one over the descriptions of ``--adverts`` sample-board adverts, one process, ``nlp.pipe``
   in batches; postings/s, words/s and postings/s scaled to 400-word adverts (words/s / 400),
   median of ``--repeat`` runs.
2. Ceilings: the pipeline's own tokenizer alone, and spaCy's blank English tokenizer, on the
   same texts (words/s).
3. With ``--components``: CPU time of each rules-only component (and the tokenizer) per
   advert, batch by batch as ``nlp.pipe`` runs them, median of ``--repeat`` runs.
4. Memory: RSS while postings, each with a unique reference so new strings keep coming,
   stream through each pipeline inside ``Language.memory_zone()`` per batch (spaCy 3.8 frees
   per-batch strings there; the span model's layers use their own zones).
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


def component_times(nlp, texts: list[str], repeat: int, batch: int = 64) -> dict[str, float]:
    """Median CPU seconds per advert of the tokenizer and each component, batch by batch."""
    runs: dict[str, list[float]] = {name: [] for name in ["tokenizer", *nlp.pipe_names]}
    for _ in range(repeat):
        spent = dict.fromkeys(runs, 0.0)
        for first in range(0, len(texts), batch):
            start = time.process_time()
            docs = [nlp.make_doc(text) for text in texts[first:first + batch]]
            spent["tokenizer"] += time.process_time() - start
            for name, component in nlp.pipeline:
                start = time.process_time()
                for doc in docs:
                    component(doc)
                spent[name] += time.process_time() - start
        for name, seconds in spent.items():
            runs[name].append(seconds / len(texts))
    return {name: statistics.median(seconds) for name, seconds in runs.items()}


def memory_run(nlp, texts: list[str], postings: int, label: str) -> None:
    """RSS while ``postings`` adverts stream through ``nlp``, one memory zone per batch.

    Each advert gets a unique reference number, so every batch brings new strings: a
    pipeline that kept them would grow, which repeating the same texts would hide.
    """
    print(f"\nMemory, {label}, over {postings:,} postings (RSS, MiB):\n")
    print("| postings | RSS MiB |")
    print("|---:|---:|")
    done, batch, checkpoints = 0, 1000, 5
    every = max(batch, postings // checkpoints // batch * batch)
    start = time.perf_counter()
    print(f"| 0 | {rss_mib():.0f} |")
    while done < postings:
        unique = [f"{text}\nReference: LT{done + i:07d}-{(done + i) * 7919:x}"
                  for i, text in enumerate(texts[:batch])]
        with nlp.memory_zone():
            for _ in nlp.pipe(unique, batch_size=64):
                pass
        done += len(unique)
        if done % every == 0:
            print(f"| {done:,} | {rss_mib():.0f} |", flush=True)
    elapsed = time.perf_counter() - start
    print(f"\n{done:,} postings in {elapsed:.0f} s ({done / elapsed:,.0f} postings/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adverts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-postings", type=int, default=100_000,
                        help="postings for the rules-only memory run (0: skip)")
    parser.add_argument("--memory-postings-model", type=int, default=20_000,
                        help="postings for the full-pipeline memory run (0: skip)")
    parser.add_argument("--components", action="store_true",
                        help="also time each rules-only component (CPU ms per advert)")
    args = parser.parse_args()

    texts = texts_of(args.adverts)
    words = sum(len(t.split()) for t in texts)
    full = load_pipeline()
    rules = load_pipeline(rules_only=True)
    blank = spacy.blank("en")

    def runner(nlp):
        def run() -> None:
            for _ in nlp.pipe(texts, batch_size=64):
                pass
        return run

    def run_tokenizer() -> None:
        for text in texts:
            rules.make_doc(text)

    runner(full)()  # warm-up: phrase matchers, model weights, caches
    runner(rules)()
    timings = {
        "leadtrends full pipeline (taxonomy + trained span model + requirement readers)":
            timed(runner(full), args.repeat),
        "leadtrends rules-only pipeline (`load_pipeline(rules_only=True)`)":
            timed(runner(rules), args.repeat),
        "its tokenizer alone (the pipeline's ceiling)": timed(run_tokenizer, args.repeat),
        "blank spaCy English tokenizer (`spacy.blank('en')`)": timed(runner(blank), args.repeat),
    }

    print(f"Machine: {machine()}")
    print(f"{len(texts)} sample adverts, {words / len(texts):.0f} words each on average; "
          f"median of {args.repeat} runs; one process\n")
    print("| path | postings/s | words/s | postings/s at 400 words |")
    print("|---|---:|---:|---:|")
    for name, seconds in timings.items():
        print(f"| {name} | {len(texts) / seconds:,.0f} | {words / seconds:,.0f} "
              f"| {words / seconds / 400:,.0f} |")
    print(f"\nFull pipeline components: {', '.join(full.pipe_names)}")
    if args.components:
        print("\n| rules-only component | CPU ms per advert |")
        print("|---|---:|")
        for name, seconds in component_times(rules, texts, args.repeat).items():
            print(f"| {name} | {seconds * 1000:.3f} |")

    if args.memory_postings:
        memory_run(rules, texts, args.memory_postings, "rules-only pipeline")
    if args.memory_postings_model:
        memory_run(full, texts, args.memory_postings_model, "full pipeline")


if __name__ == "__main__":
    main()
