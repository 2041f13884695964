"""`make train` end to end on a few steps: SkillSpan from ../shared/data, spaCy train, install.

The committed artefact is not touched: corpus, runs and model go to a temporary directory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.evaluation.skillspan_corpus import DEFAULT_SKILLSPAN_DIR, Sentence
from nlp.span_model import LABELS, MODEL_FOLDER, load_span_model
from nlp.training.prepare_skillspan import flat_spans
from nlp.training.train import train

needs_skillspan = pytest.mark.skipif(not (DEFAULT_SKILLSPAN_DIR / "conll").is_dir(),
                                     reason=f"SkillSpan corpus not found at {DEFAULT_SKILLSPAN_DIR}")


def test_one_ner_corpus_keeps_the_longer_of_two_overlapping_spans() -> None:
    sentence = Sentence(source="tech", tokens=tuple("abcdefgh"), spans={
        "SKILL": frozenset({(0, 4), (6, 7)}),
        "KNOWLEDGE": frozenset({(2, 3), (5, 8), (4, 5)}),
    })
    # (2, 3) sits inside the Skill (0, 4); (6, 7) inside the longer Knowledge (5, 8)
    assert flat_spans(sentence) == [(0, 4, "SKILL"), (4, 5, "KNOWLEDGE"), (5, 8, "KNOWLEDGE")]


def test_a_tie_keeps_the_skill_span() -> None:
    sentence = Sentence(source="house", tokens=tuple("abc"), spans={
        "SKILL": frozenset({(0, 2)}), "KNOWLEDGE": frozenset({(0, 2)})})
    assert flat_spans(sentence) == [(0, 2, "SKILL")]


@needs_skillspan
def test_training_installs_a_model_that_loads_and_predicts(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    dev_f1 = train(corpus_dir=tmp_path / "corpus", model_dir=model_dir, max_steps=20,
                   runs_dir=tmp_path / "runs")
    assert set(dev_f1) == set(LABELS)
    assert all(0.0 <= score <= 100.0 for score in dev_f1.values())
    meta = json.loads((model_dir / "meta.json").read_text())
    assert meta["dev_strict_f1"] == dev_f1
    # the saved strings are the labels only: no word of the training corpus is shipped
    strings = json.loads((model_dir / MODEL_FOLDER / "vocab" / "strings.json").read_text())
    assert strings == list(LABELS)
    model = load_span_model(model_dir)
    [predicted] = model.predict([["Experience", "with", "Python", "and", "SQL", "."]])
    assert set(predicted) == set(LABELS)
