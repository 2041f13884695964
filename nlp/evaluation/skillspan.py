"""Score span extractors on SkillSpan: strict and loose span P/R/F1 per layer and source.

Strict: a predicted span counts only if its boundaries and label match a gold span exactly
(the paper's "strict" metric, per layer). Loose: a predicted span is correct if it overlaps a
gold span of the same label, and a gold span is found if any predicted span of its label
overlaps it; loose F1 is the harmonic mean of those two rates. Scores are computed on the
corpus's own tokens, so no tokenizer disagreement enters the numbers.

Three systems are scored: the trained model (``nlp.span_model``), the rules-only taxonomy
matcher (``leadtrends_skills``), whose SKILL/KNOWLEDGE labels follow the same ESCO split, and
the hybrid the product keeps (taxonomy spans plus the model spans that overlap none).

    python -m nlp.evaluation.skillspan [--split test|dev] [--limit N]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from nlp.evaluation.skillspan_corpus import (
    DEFAULT_SKILLSPAN_DIR,
    SOURCES,
    Sentence,
    TokenSpan,
    read_split,
)

LABELS = ("SKILL", "KNOWLEDGE")
RECORDED_PATH = Path(__file__).parent / "recorded.json"
Predictions = list[dict[str, list[TokenSpan]]]
Predictor = Callable[[Sequence[Sentence]], Predictions]


@dataclass
class Counts:
    """Span counts for one slice; loose counts overlap in each direction separately."""

    gold: int = 0
    predicted: int = 0
    strict_hits: int = 0
    loose_predicted_hits: int = 0
    loose_gold_hits: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.strict_hits += other.strict_hits
        self.loose_predicted_hits += other.loose_predicted_hits
        self.loose_gold_hits += other.loose_gold_hits

    @property
    def precision(self) -> float:
        return _ratio(self.strict_hits, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.strict_hits, self.gold)

    @property
    def f1(self) -> float:
        return _harmonic(self.precision, self.recall)

    @property
    def loose_f1(self) -> float:
        return _harmonic(_ratio(self.loose_predicted_hits, self.predicted),
                         _ratio(self.loose_gold_hits, self.gold))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _harmonic(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _overlaps(span: TokenSpan, others: set[TokenSpan] | frozenset[TokenSpan]) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in others)


def count_spans(gold: frozenset[TokenSpan] | set[TokenSpan],
                predicted: set[TokenSpan]) -> Counts:
    return Counts(gold=len(gold), predicted=len(predicted), strict_hits=len(gold & predicted),
                  loose_predicted_hits=sum(_overlaps(span, gold) for span in predicted),
                  loose_gold_hits=sum(_overlaps(span, predicted) for span in gold))


@dataclass
class Report:
    """Counts keyed by (source, label); source "all" and label "COMBINED" are the totals."""

    counts: dict[tuple[str, str], Counts]

    def get(self, source: str = "all", label: str = "COMBINED") -> Counts:
        return self.counts[(source, label)]


def score(sentences: Sequence[Sentence], predictions: Predictions) -> Report:
    if len(sentences) != len(predictions):
        raise ValueError(f"{len(predictions)} predictions for {len(sentences)} sentences")
    sources = sorted({sentence.source for sentence in sentences})
    counts = {(source, label): Counts() for source in [*sources, "all"]
              for label in [*LABELS, "COMBINED"]}
    for sentence, predicted in zip(sentences, predictions, strict=True):
        for label in LABELS:
            found = count_spans(sentence.spans[label], set(predicted.get(label, ())))
            for key in [(sentence.source, label), (sentence.source, "COMBINED"),
                        ("all", label), ("all", "COMBINED")]:
                counts[key].add(found)
    return Report(counts)


def predict_with_model(sentences: Sequence[Sentence], model_dir: Path | None = None) -> Predictions:
    from nlp.span_model import load_span_model

    return load_span_model(model_dir).predict(sentence.tokens for sentence in sentences)


def predict_with_rules(sentences: Sequence[Sentence]) -> Predictions:
    """The product's taxonomy matcher alone, run on the corpus tokens."""
    from nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    matcher = nlp.get_pipe("leadtrends_skills")
    results: Predictions = []
    for sentence in sentences:
        doc = matcher(Doc(nlp.vocab, words=list(sentence.tokens)))
        found: dict[str, list[TokenSpan]] = {label: [] for label in LABELS}
        for span in doc.spans[matcher.spans_key]:
            found[span.label_].append((span.start, span.end))
        results.append(found)
    return results


def predict_hybrid(sentences: Sequence[Sentence], model_dir: Path | None = None) -> Predictions:
    """What the product keeps: taxonomy spans, plus model spans that overlap none of them."""
    combined: Predictions = []
    for rules, model in zip(predict_with_rules(sentences), predict_with_model(sentences, model_dir),
                            strict=True):
        taken = {i for spans in rules.values() for start, end in spans for i in range(start, end)}
        combined.append({label: sorted(rules.get(label, []) + [
            (start, end) for start, end in model.get(label, [])
            if not taken.intersection(range(start, end))]) for label in LABELS})
    return combined


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def markdown_table(reports: dict[str, Report]) -> str:
    """One row per system, source and layer: strict P/R/F1, loose F1 and span counts."""
    lines = ["| system | source | layer | strict P | strict R | strict F1 | loose F1 | gold "
             + "| predicted |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for system, report in reports.items():
        sources = sorted({source for source, _ in report.counts if source != "all"})
        for source in [*sources, "all"]:
            for label in [*LABELS, "COMBINED"]:
                counts = report.get(source, label)
                lines.append(f"| {system} | {source} | {label.title()} | {_pct(counts.precision)} "
                             f"| {_pct(counts.recall)} | {_pct(counts.f1)} "
                             f"| {_pct(counts.loose_f1)} | {counts.gold} | {counts.predicted} |")
    return "\n".join(lines)


def evaluate(split: str = "test", data_dir: Path = DEFAULT_SKILLSPAN_DIR,
             model_dir: Path | None = None, limit: int | None = None,
             systems: Sequence[str] = ("model", "rules", "hybrid")) -> dict[str, Report]:
    """Reports per system on one split; ``limit`` keeps the first N sentences of each source."""
    sentences = read_split(split, data_dir)
    if limit is not None:
        sentences = [s for source in SOURCES
                     for s in [s for s in sentences if s.source == source][:limit]]
    predictors: dict[str, Predictor] = {
        "model": lambda items: predict_with_model(items, model_dir),
        "rules": predict_with_rules,
        "hybrid": lambda items: predict_hybrid(items, model_dir),
    }
    return {system: score(sentences, predictors[system](sentences)) for system in systems}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score SkillSpan span extraction.")
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_SKILLSPAN_DIR)
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None,
                        help="score only the first N sentences of each source")
    parser.add_argument("--record", action="store_true",
                        help=f"store the model's test scores in {RECORDED_PATH.name} "
                             "(the regression test's floor)")
    args = parser.parse_args(argv)
    if args.record and (args.split != "test" or args.limit is not None):
        parser.error("--record needs the whole test split (no --limit, --split test)")
    reports = evaluate(args.split, args.data_dir, args.model_dir, args.limit)
    print(f"## SkillSpan {args.split} (strict = exact boundaries and label; in %)\n")
    print(markdown_table(reports))
    if args.record:
        record(reports["model"], args.model_dir)


def record(report: Report, model_dir: Path | None = None) -> None:
    """Keep the model's strict F1 on SkillSpan test in ``recorded.json`` under "skillspan"."""
    from nlp.span_model import load_span_model

    recorded = json.loads(RECORDED_PATH.read_text()) if RECORDED_PATH.is_file() else {}
    recorded["skillspan"] = {
        "split": "test",
        "model_version": load_span_model(model_dir).version,
        "strict_f1": {label: round(100 * report.get("all", label).f1, 1)
                      for label in [*LABELS, "COMBINED"]},
        "loose_f1": {label: round(100 * report.get("all", label).loose_f1, 1)
                     for label in [*LABELS, "COMBINED"]},
    }
    RECORDED_PATH.write_text(json.dumps(recorded, indent=2) + "\n")


if __name__ == "__main__":
    main()
