"""Accuracy of the requirement readers against hand-labelled NYC adverts.

The gold file ``tests/gold/nyc_requirements.jsonl`` holds one line per advert, keyed by NYC
Job ID only (no advert text): the minimum and maximum years of experience across the
alternative qualification routes, the years of supervisory or managerial experience, the
lowest degree that qualifies, the role family and seniority of the title, and its O*NET-SOC
code. Labels were set by reading each advert's "Minimum Qual Requirements" and title (even
Job IDs only; odd ones stay unseen for later checks). Conventions behind the labels:

* min_years: the lowest bar across routes; 0 when one route needs no experience at all
  (a degree alone), null when no route states experience. Conditions for higher
  "Assignment Levels" and substitution rules are not routes.
* max_years: the longest route (or the top of a stated range); leadership_years: the
  supervisory/managerial/executive experience asked for, null when none is.
* min_degree: none|high_school|associate|bachelor|master|doctorate; a route naming no
  education (experience or a licence only) makes it ``none``.
* soc_code: the O*NET-SOC 2019 occupation the job is, chosen from O*NET's occupation list
  before the coder existed (checked to be a real code); technology managers of every rank
  are 11-3021.00, IT project managers 15-1299.09.

The adverts come from ``../shared/data/nyc-jobs-postings`` (not in the repository): they are
imported with the ``nyc-open-data`` preset into a temporary directory on every run.

    python -m nlp.evaluation.requirements [--data PATH] [--gold PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language

from leadtrends.importers import import_file
from leadtrends.jsonl import read_models
from leadtrends.model import Posting

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "nyc-jobs-postings" / "Jobs_NYC_Postings.xlsx"
DEFAULT_GOLD = REPO_ROOT / "tests" / "gold" / "nyc_requirements.jsonl"
RECORDED_PATH = Path(__file__).parent / "recorded_requirements.json"
FIELDS = ("min_years", "max_years", "leadership_years", "min_degree", "role_family",
          "seniority", "soc_code")
DEFAULT_ONET = REPO_ROOT.parent / "shared" / "data" / "onet-29.3"


def read_gold(path: Path = DEFAULT_GOLD) -> dict[str, dict[str, Any]]:
    """Gold labels by job id; a line without a job id or with an unknown field is an error."""
    gold: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        unknown = set(record) - {"job_id", *FIELDS}
        if "job_id" not in record or unknown:
            raise ValueError(f"{path}:{number}: needs job_id and only {', '.join(FIELDS)}")
        gold[str(record["job_id"])] = record
    return gold


def predict(postings: Iterable[Posting], nlp: Language) -> dict[str, dict[str, Any]]:
    """What the extract pipeline says about each posting, in the gold file's terms."""
    from nlp.pipeline import _make_doc

    predictions: dict[str, dict[str, Any]] = {}
    for posting in postings:
        doc = nlp(_make_doc(nlp, posting))
        predictions[posting.source_id] = {
            "min_years": doc._.min_years_across_paths,
            "max_years": doc._.max_years_experience,
            "leadership_years": doc._.leadership_years,
            "min_degree": doc._.min_degree,
            "role_family": doc._.role_family,
            "seniority": doc._.seniority,
            "soc_code": doc._.soc_code,
        }
    return predictions


def score(gold: dict[str, dict[str, Any]], predictions: dict[str, dict[str, Any]],
          fields: Iterable[str] = FIELDS) -> dict[str, Any]:
    """Exact-match accuracy per field, in percent; an advert with no prediction is wrong."""
    accuracy = {}
    for field in fields:
        hits = sum(1 for job_id, labels in gold.items()
                   if job_id in predictions and predictions[job_id][field] == labels[field])
        accuracy[field] = round(100.0 * hits / len(gold), 1) if gold else 0.0
    return {"adverts": len(gold), "found": len(set(gold) & set(predictions)),
            "accuracy": accuracy}


def evaluate(data: Path = DEFAULT_DATA, gold_path: Path = DEFAULT_GOLD,
             onet: Path | None = DEFAULT_ONET) -> dict[str, Any]:
    """Accuracy of the extract pipeline (with O*NET's titles when ``onet`` exists).

    Also scored: the SOC code at the 6-digit SOC level, and the SOC code the pipeline gives
    without O*NET (its curated rules only, as ``leadtrends run`` ships).
    """
    from nlp.pipeline import load_pipeline

    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory() as tmp:
        imported = Path(tmp) / "nyc.jsonl"
        import_file(data, "nyc-open-data", imported)
        postings = [posting for posting in read_models(imported, Posting)
                    if posting.source_id in gold]
    with_onet = onet is not None and onet.is_dir()
    predictions = predict(postings, load_pipeline(onet=onet if with_onet else None))
    result = score(gold, predictions)
    result["onet_titles"] = with_onet
    six_digit = {job: {"soc_code": (p["soc_code"] or "")[:7]} for job, p in predictions.items()}
    result["accuracy"]["soc_6digit"] = score(
        {job: {"soc_code": labels["soc_code"][:7]} for job, labels in gold.items()},
        six_digit, ("soc_code",))["accuracy"]["soc_code"]
    if with_onet:
        rules = predict(postings, load_pipeline())
        result["accuracy"]["soc_code_rules_only"] = score(gold, rules, ("soc_code",))[
            "accuracy"]["soc_code"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluation.requirements",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="Jobs_NYC_Postings.xlsx (default: ../shared/data/...)")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"error: {args.data}: no such file (the NYC Jobs dump)", file=sys.stderr)
        return 2
    result = evaluate(args.data, args.gold)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['found']} of {result['adverts']} gold adverts found in {args.data.name}")
    for field, value in result["accuracy"].items():
        print(f"  {field:<17} {value:5.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
