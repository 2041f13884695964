"""The committed SkillSpan model: loading it and putting its spans on the caller's Doc."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from nlp.pipeline import load_pipeline
from nlp.span_model import SpanModel, SpanModelError, load_span_model


@pytest.fixture(scope="module")
def model() -> SpanModel:
    return load_span_model()


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def labelled(doc: spacy.tokens.Doc, key: str = "skillspan") -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in doc.spans[key]]


def test_named_tools_in_an_advert_come_back_as_knowledge(model: SpanModel, nlp: Language) -> None:
    doc = model.add_spans(nlp.make_doc(
        "You have strong experience with Python and AWS and can manage stakeholders."))
    assert ("Python", "KNOWLEDGE") in labelled(doc)
    assert ("AWS", "KNOWLEDGE") in labelled(doc)


def test_spans_point_into_the_callers_own_tokens(model: SpanModel, nlp: Language) -> None:
    text = "Requirements:\n\n- Hands-on experience with Kubernetes and Terraform.\n"
    doc = model.add_spans(nlp.make_doc(text))
    assert doc.spans["skillspan"], "expected at least one span"
    for span in doc.spans["skillspan"]:
        assert span.doc is doc
        assert text[span.start_char:span.end_char] == span.text
        assert span.label_ in {"SKILL", "KNOWLEDGE"}


def test_an_advert_with_no_skills_gets_an_empty_group(model: SpanModel, nlp: Language) -> None:
    assert labelled(model.add_spans(nlp.make_doc(""))) == []


def test_pretokenised_sentences_get_spans_per_label(model: SpanModel) -> None:
    words = ["Experience", "with", "Python", "and", "SQL", "."]
    [predicted] = model.predict([words])
    assert set(predicted) == {"SKILL", "KNOWLEDGE"}
    found = {tuple(words[start:end]) for start, end in predicted["KNOWLEDGE"]}
    assert ("Python",) in found


def test_the_model_runs_as_a_pipeline_component_under_any_spans_key() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("leadtrends_skillspan", config={"spans_key": "trained"})
    doc = nlp("Strong knowledge of Java and Docker is required.")
    assert ("Java", "KNOWLEDGE") in labelled(doc, "trained")


def test_the_artefact_states_its_version(model: SpanModel) -> None:
    assert model.version.startswith("skillspan-ner.")


def test_a_missing_artefact_says_how_to_train_it(tmp_path: Path) -> None:
    with pytest.raises(SpanModelError, match=r"python -m nlp.training.train"):
        load_span_model(tmp_path)
