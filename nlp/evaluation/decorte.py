"""ESCO linking scored on the Decorte et al. validation splits (SkillSpan house/tech sentences).

Each annotated span carries one or more ESCO preferred labels (``LABEL NOT PRESENT`` and
``UNDERSPECIFIED`` rows have no gold label and are left out). The linker ranks the 13,896
ESCO skills of the benchmark's label space for every gold span's text (``sub_span`` when the
annotators gave one), and the ranking is scored as in the papers:

* RP@5 - R-precision at 5: hits in the top 5 over min(5, number of gold labels);
* MRR - reciprocal rank of the first gold label (0 when none is in the top 100).

"span" level scores each gold span alone; "sentence" level merges the rankings of a
sentence's gold spans (best score per skill) against the union of its labels, the papers'
sentence-level setting with the spans given. Spans come from the gold annotation, so this
measures linking, not span detection. Only validation splits exist here: the test splits
are held back for independent evaluation.

Run: ``python -m nlp.evaluation.decorte`` (``--record`` rewrites recorded_decorte.json).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp.linking import EscoFileError, EscoLinker, EscoSkill, read_esco_skills

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
DECORTE_DIR = SHARED_DATA / "decorte-esco-skill-extraction"
ESCO_ZIP = SHARED_DATA / "esco-v1.1.1" / "ESCO dataset - v1.1.1 - classification - en - csv.zip"
RECORDED_PATH = Path(__file__).with_name("recorded_decorte.json")
SPLITS = ("house", "tech")
NO_LABEL = frozenset({"LABEL NOT PRESENT", "UNDERSPECIFIED"})
RANK_DEPTH = 100
K = 5


@dataclass
class Sentence:
    text: str
    spans: dict[str, set[str]] = field(default_factory=dict)

    @property
    def labels(self) -> set[str]:
        return set().union(*self.spans.values()) if self.spans else set()


def read_split(path: str | Path) -> list[Sentence]:
    """Sentences of one ``*_validation_annotations.csv`` with their labelled spans."""
    sentences: dict[str, Sentence] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"sentence", "span", "sub_span", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for row in reader:
            if row["label"] in NO_LABEL:
                continue
            text = (row["sub_span"] or row["span"]).strip()
            sentence = sentences.setdefault(row["sentence"], Sentence(row["sentence"]))
            sentence.spans.setdefault(text, set()).add(row["label"].strip())
    return [sentence for sentence in sentences.values() if sentence.spans]


def build_linker(decorte_dir: Path = DECORTE_DIR, esco_zip: Path = ESCO_ZIP) -> EscoLinker:
    """A linker over the benchmark's label space, with ESCO v1.1.1 alternative labels.

    The benchmark labels are ESCO v1.1.0 preferred labels; the few that v1.1.1 renamed stay
    in the space as label-only skills so every gold label is reachable.
    """
    labels = [line.strip() for line in
              (decorte_dir / "skills_en_label.txt").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    wanted = set(labels)
    skills = [skill for skill in read_esco_skills(esco_zip) if skill.label in wanted]
    found = {skill.label for skill in skills}
    skills += [EscoSkill(uri="", label=label) for label in labels if label not in found]
    return EscoLinker(skills)


def r_precision_at_k(ranked: Sequence[str], gold: set[str], k: int = K) -> float:
    return sum(label in gold for label in ranked[:k]) / min(k, len(gold))


def reciprocal_rank(ranked: Sequence[str], gold: set[str]) -> float:
    return next((1.0 / rank for rank, label in enumerate(ranked, 1) if label in gold), 0.0)


def evaluate_split(linker: EscoLinker, sentences: Sequence[Sentence]) -> dict[str, float]:
    """RP@5 and MRR (percent) at span and sentence level, plus the counts behind them."""
    span_rp, span_rr, sentence_rp, sentence_rr = [], [], [], []
    for sentence in sentences:
        merged: dict[str, float] = {}
        for text, gold in sentence.spans.items():
            links = linker.link(text, k=RANK_DEPTH)
            ranked = [link.label for link in links]
            span_rp.append(r_precision_at_k(ranked, gold))
            span_rr.append(reciprocal_rank(ranked, gold))
            for link in links:
                merged[link.label] = max(merged.get(link.label, 0.0), link.score)
        ranked = sorted(merged, key=lambda label: -merged[label])[:RANK_DEPTH]
        sentence_rp.append(r_precision_at_k(ranked, sentence.labels))
        sentence_rr.append(reciprocal_rank(ranked, sentence.labels))

    def percent(values: list[float]) -> float:
        return round(100 * sum(values) / len(values), 2) if values else 0.0

    return {"span_rp@5": percent(span_rp), "span_mrr": percent(span_rr),
            "sentence_rp@5": percent(sentence_rp), "sentence_mrr": percent(sentence_rr),
            "spans": len(span_rp), "sentences": len(sentence_rp)}


def evaluate(decorte_dir: Path = DECORTE_DIR, esco_zip: Path = ESCO_ZIP) -> dict[str, dict]:
    linker = build_linker(decorte_dir, esco_zip)
    return {split: evaluate_split(linker, read_split(
        decorte_dir / f"{split}_validation_annotations.csv")) for split in SPLITS}


def format_table(results: dict[str, dict]) -> str:
    header = f"{'split':<8}{'spans':>7}{'span RP@5':>11}{'span MRR':>10}" \
             f"{'sents':>7}{'sent RP@5':>11}{'sent MRR':>10}"
    rows = [header]
    for split, m in results.items():
        rows.append(f"{split:<8}{m['spans']:>7}{m['span_rp@5']:>11.2f}{m['span_mrr']:>10.2f}"
                    f"{m['sentences']:>7}{m['sentence_rp@5']:>11.2f}{m['sentence_mrr']:>10.2f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluation.decorte",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DECORTE_DIR,
                        help="folder with the Decorte validation CSVs and skills_en_label.txt")
    parser.add_argument("--esco", type=Path, default=ESCO_ZIP, help="ESCO v1.1.1 CSV zip")
    parser.add_argument("--record", action="store_true",
                        help=f"write the scores to {RECORDED_PATH.name} (the regression floor)")
    args = parser.parse_args(argv)
    try:
        results = evaluate(args.data, args.esco)
    except (OSError, ValueError, EscoFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_table(results))
    if args.record:
        RECORDED_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
