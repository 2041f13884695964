"""SkillSpan scoring: what strict and loose mean, and the committed model's recorded scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.evaluation.skillspan import count_spans, evaluate, markdown_table, score
from nlp.evaluation.skillspan_corpus import (
    DEFAULT_SKILLSPAN_DIR,
    CorpusError,
    Sentence,
    bio_to_spans,
    read_conll,
)

RECORDED = Path(__file__).resolve().parents[1] / "nlp" / "evaluation" / "recorded.json"
ALLOWED_DROP = 2.0

needs_skillspan = pytest.mark.skipif(not (DEFAULT_SKILLSPAN_DIR / "conll").is_dir(),
                                     reason=f"SkillSpan corpus not found at {DEFAULT_SKILLSPAN_DIR}")


def sentence(source: str, skill: set[tuple[int, int]], knowledge: set[tuple[int, int]]) -> Sentence:
    return Sentence(source=source, tokens=tuple("w" * 10),
                    spans={"SKILL": frozenset(skill), "KNOWLEDGE": frozenset(knowledge)})


def test_bio_layers_become_token_spans_with_exclusive_ends() -> None:
    assert bio_to_spans(["O", "B-Skill", "I-Skill", "O", "B-Skill", "B-Skill"]) == {
        (1, 3), (4, 5), (5, 6)}


def test_an_inside_tag_after_outside_opens_a_span_as_conlleval_reads_it() -> None:
    assert bio_to_spans(["O", "I-Knowledge", "I-Knowledge"]) == {(1, 3)}


def test_strict_needs_exact_boundaries_while_loose_accepts_overlap() -> None:
    counts = count_spans(gold=frozenset({(0, 3), (5, 7)}), predicted={(0, 3), (5, 6), (8, 9)})
    assert (counts.strict_hits, counts.gold, counts.predicted) == (1, 2, 3)
    assert counts.precision == pytest.approx(1 / 3)
    assert counts.recall == pytest.approx(1 / 2)
    # loose: 2 of 3 predictions overlap gold, both gold spans are touched
    assert counts.loose_f1 == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))


def test_a_span_with_the_wrong_label_scores_nothing() -> None:
    report = score([sentence("tech", skill={(0, 2)}, knowledge=set())],
                   [{"SKILL": [], "KNOWLEDGE": [(0, 2)]}])
    assert report.get("all", "SKILL").recall == 0.0
    assert report.get("all", "KNOWLEDGE").precision == 0.0
    assert report.get("all", "COMBINED").f1 == 0.0


def test_scores_are_kept_per_source_and_layer_and_summed_overall() -> None:
    sentences = [sentence("house", skill={(0, 2)}, knowledge={(3, 4)}),
                 sentence("tech", skill=set(), knowledge={(1, 2)})]
    report = score(sentences, [{"SKILL": [(0, 2)], "KNOWLEDGE": []},
                               {"SKILL": [], "KNOWLEDGE": [(1, 2)]}])
    assert report.get("house", "SKILL").f1 == 1.0
    assert report.get("house", "KNOWLEDGE").recall == 0.0
    assert report.get("tech", "KNOWLEDGE").f1 == 1.0
    assert report.get("all", "KNOWLEDGE").gold == 2
    assert report.get("all", "COMBINED").strict_hits == 2
    table = markdown_table({"model": report})
    assert "| model | house | Skill | 100.0 | 100.0 | 100.0 |" in table


def test_predictions_must_line_up_with_sentences() -> None:
    with pytest.raises(ValueError, match="1 predictions for 2 sentences"):
        score([sentence("tech", set(), set())] * 2, [{}])


def test_a_malformed_corpus_line_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("Python\tO\tB-Knowledge\nJava\tO\n")
    with pytest.raises(CorpusError, match=r"bad.conll:2: expected token<TAB>skill<TAB>knowledge"):
        list(read_conll(path, "tech"))


def test_a_missing_corpus_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="SkillSpan file not found"):
        evaluate("test", data_dir=tmp_path, systems=("rules",))


@needs_skillspan
def test_committed_model_keeps_its_recorded_strict_f1_on_skillspan_test() -> None:
    recorded = json.loads(RECORDED.read_text())["skillspan"]
    report = evaluate("test", systems=("model",))["model"]
    for label in ("SKILL", "KNOWLEDGE", "COMBINED"):
        measured = 100 * report.get("all", label).f1
        assert measured >= recorded["strict_f1"][label] - ALLOWED_DROP, (
            f"{label} strict F1 {measured:.1f} fell more than {ALLOWED_DROP} points below "
            f"the recorded {recorded['strict_f1'][label]}")


@needs_skillspan
def test_trained_model_finds_more_exact_spans_than_the_taxonomy_rules() -> None:
    reports = evaluate("test", limit=400)
    for label in ("SKILL", "KNOWLEDGE"):
        assert reports["model"].get("all", label).f1 > reports["rules"].get("all", label).f1
