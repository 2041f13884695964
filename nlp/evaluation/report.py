"""Write docs/EVALUATION.md from fresh runs of every evaluation (``make evaluate``).

Runs the SkillSpan test scoring (trained model and taxonomy rules), ESCO linking on the
Decorte validation splits and the requirement readers on the hand-labelled NYC adverts, then
writes the tables with the method notes around them. Needs ``../shared/data`` beside the
repository; nothing is downloaded.

    python -m nlp.evaluation.report [-o docs/EVALUATION.md]
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import date
from pathlib import Path
from typing import Any

from nlp.evaluation import decorte, requirements, skillspan
from nlp.span_model import span_model_version

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO_ROOT / "docs" / "EVALUATION.md"

HEADER = """# Evaluation

Every number below was measured by `make evaluate` (`python -m nlp.evaluation.report`),
which rewrote this file on {today} ({machine}; {seconds:.0f} s). The data are read from
`../shared/data` at run time; nothing from them is in the repository. Span model:
`{model}`. The regression tests (`tests/test_eval_*.py`) fail when a metric drops
more than 2 points below the value recorded in `nlp/evaluation/recorded*.json`.
"""

SKILLSPAN_NOTES = """## Skill spans: SkillSpan test

SkillSpan (Zhang et al., NAACL 2022), test split, scored like the paper on the corpus's own
tokens: **strict** = exact boundaries and label, per layer (Skill, Knowledge) and source
(house, tech); **loose** F1 counts overlapping spans. `model` is the trained span model the
product ships (`nlp/models/skillspan`, one CPU NER over both layers, trained by
`make train` on train, best checkpoint on dev; the test split was never used to tune; one
NER cannot nest a Knowledge span inside a Skill span, which caps Knowledge recall a little);
`rules` is the taxonomy matcher alone; `hybrid` is what the product keeps (taxonomy spans
plus the model spans that overlap none of them). Taxonomy spans are names ("negotiating")
where SkillSpan's Skill spans are whole phrases ("negotiating supplier contracts"), so the
hybrid does not beat the model on these boundaries; what it adds is the taxonomy id on the
spans it keeps. The published anchor, JobSpanBERT, reaches about
56 (Skill) / 62 (Knowledge) strict F1 with a domain-adapted transformer; this CPU model
stays well below it, above all on Skill spans, whose boundaries are long and loose. Trained
with one seed; no variance across seeds was measured.

Speed for accuracy, chosen on dev: until 2026-12-07 the product shipped one NER per layer
(tok2vec width 96), dev strict F1 34.3 (Skill) / 47.7 (Knowledge), test 30.4 / 53.2 / 42.6
combined. The one joint NER (width 64) scores 34.1 / 46.4 on dev and the table's 28.5 /
50.4 / 40.1 on test, and makes the full extract pipeline 2.7x faster (docs/BENCHMARKS.md);
the regression floor in `recorded.json` was re-recorded for it.

"""

DECORTE_NOTES = """## Linking to ESCO: Decorte validation splits

Decorte et al.'s SkillSpan sentences linked to ESCO skills (validation splits; test splits
held back). The linker (`nlp/linking.py`: exact label, then TF-IDF over character trigrams,
words and stems of every ESCO preferred and alternative label) ranks all 13,896 ESCO skills
for each gold span. RP@5 = hits in the top 5 over min(5, gold labels); MRR = reciprocal
rank of the first gold label (top 100). "span" scores each gold span alone; "sentence"
merges a sentence's spans against the union of its labels. Spans are the gold ones: this
measures linking, not span detection. In %.

"""

REQUIREMENTS_NOTES = """## Requirements and role: hand-labelled NYC adverts

{adverts} NYC government adverts (`../shared/data/nyc-jobs-postings`, even Job IDs only; odd
ids are kept for an independent evaluation), labelled by hand in
`tests/gold/nyc_requirements.jsonl` (ids and labels, no advert text; conventions in
`nlp/evaluation/requirements.py`). Exact-match accuracy of the full extract pipeline.

**Caveat:** the experience, education and title rules were developed while reading these
same adverts, so these are development-set numbers, optimistic until the rules are scored
on the odd-id adverts. The SOC labels were written before the SOC coder existed, but its
curated rules for technical job titles were written with these titles in view; the coder
uses O*NET 29.3's occupation, alternate and reported titles when they are given
(`soc_code`) and its curated rules alone otherwise (`soc_code_rules_only`, what
`leadtrends run` gives without `--onet`). `soc_6digit` compares the 6-digit SOC part only.

"""


def skillspan_section() -> str:
    reports = skillspan.evaluate("test")
    return SKILLSPAN_NOTES + skillspan.markdown_table(reports) + "\n"


def decorte_section() -> str:
    results = decorte.evaluate()
    lines = ["| split | spans | span RP@5 | span MRR | sentences | sentence RP@5 | sentence MRR |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {split} | {m['spans']} | {m['span_rp@5']:.1f} | {m['span_mrr']:.1f} "
              f"| {m['sentences']} | {m['sentence_rp@5']:.1f} | {m['sentence_mrr']:.1f} |"
              for split, m in results.items()]
    return DECORTE_NOTES + "\n".join(lines) + "\n"


def requirements_section() -> str:
    result: dict[str, Any] = requirements.evaluate()
    lines = ["| field | accuracy % |", "|---|---:|"]
    lines += [f"| {field} | {value:.1f} |" for field, value in result["accuracy"].items()]
    return REQUIREMENTS_NOTES.format(adverts=result["adverts"]) + "\n".join(lines) + "\n"


def build() -> str:
    started = time.perf_counter()
    sections = [skillspan_section(), decorte_section(), requirements_section()]
    header = HEADER.format(today=date.today().isoformat(),
                           machine=f"{platform.machine()}, Python {platform.python_version()}",
                           seconds=time.perf_counter() - started, model=span_model_version())
    return "\n".join([header, *sections])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluation.report",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    for path in (skillspan.DEFAULT_SKILLSPAN_DIR, decorte.DECORTE_DIR, requirements.DEFAULT_DATA):
        if not path.exists():
            parser.exit(2, f"error: {path} is missing (../shared/data beside the repository)\n")
    args.output.write_text(build(), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
