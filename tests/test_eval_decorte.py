"""Regression floor for ESCO linking on the Decorte validation splits (house, tech).

Fails when span- or sentence-level RP@5 or MRR drops more than 2 points below the scores
recorded in ``nlp/evaluation/recorded_decorte.json`` (rewrite them with
``python -m nlp.evaluation.decorte --record`` after a deliberate change).
"""

from __future__ import annotations

import json

import pytest

from nlp.evaluation.decorte import (
    DECORTE_DIR,
    ESCO_ZIP,
    RECORDED_PATH,
    SPLITS,
    evaluate,
    r_precision_at_k,
    reciprocal_rank,
)

TOLERANCE = 2.0
METRICS = ("span_rp@5", "span_mrr", "sentence_rp@5", "sentence_mrr")


def test_r_precision_divides_by_the_smaller_of_k_and_the_gold_count() -> None:
    ranked = ["a", "x", "b", "y", "z", "c"]
    assert r_precision_at_k(ranked, {"a"}) == 1.0
    assert r_precision_at_k(ranked, {"a", "b", "c"}) == pytest.approx(2 / 3)
    assert reciprocal_rank(ranked, {"b"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, {"q"}) == 0.0


@pytest.mark.skipif(not (DECORTE_DIR.is_dir() and ESCO_ZIP.is_file()),
                    reason="../shared/data with Decorte and ESCO v1.1.1 is not beside the repo")
def test_linking_scores_stay_within_two_points_of_the_recorded_ones() -> None:
    recorded = json.loads(RECORDED_PATH.read_text(encoding="utf-8"))
    measured = evaluate()
    for split in SPLITS:
        assert measured[split]["spans"] == recorded[split]["spans"]
        for metric in METRICS:
            assert measured[split][metric] >= recorded[split][metric] - TOLERANCE, \
                f"{split} {metric}: {measured[split][metric]} < recorded " \
                f"{recorded[split][metric]} - {TOLERANCE}"
