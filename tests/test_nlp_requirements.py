"""leadtrends_requirements: required versus preferred, and qualification routes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from nlp.pipeline import load_pipeline
from nlp.requirements import _SENTENCE_BREAK, qualification_paths, sentence_bounds
from tests.nlp_helpers import read_advert


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(rules_only=True)


def read(nlp: Language, description: str) -> Doc:
    return read_advert(nlp, description, title="Head of Platform")


def levels(doc: Doc) -> dict[str, str | None]:
    return {span.text: span._.requirement for span in doc.spans["skills"]}


ADVERT = """About us
We run Kubernetes for hundreds of teams.
Requirements
- Deep experience with Python
- Terraform experience is a plus
Nice to have
- Experience with Kafka
Preferred skills
- Go
"""


def test_skills_are_required_or_preferred_by_section_and_cue(nlp: Language) -> None:
    found = levels(read(nlp, ADVERT))
    assert found["Python"] == "required"
    assert found["Terraform"] == "preferred"  # the cue beats the "Requirements" section
    assert found["Kafka"] == "preferred"
    assert found["Kubernetes"] is None  # named in the company blurb, asked of nobody


@pytest.mark.parametrize("sentence", [
    "Knowledge of Python is desirable.", "Python would be an advantage.",
    "Ideally you know Python.", "Python is nice to have.",
])
def test_preference_cues_mark_a_skill_preferred(nlp: Language, sentence: str) -> None:
    assert levels(read(nlp, f"The role\n{sentence}\n"))["Python"] == "preferred"


def test_must_marks_a_skill_required_outside_requirement_sections(nlp: Language) -> None:
    assert levels(read(nlp, "The role\nYou must know Python.\n"))["Python"] == "required"


def test_experience_spans_are_marked_too(nlp: Language) -> None:
    doc = read(nlp, "Minimum qualifications\n- 5 years of experience in IT\nDesirable\n"
                    "- 2 years of experience in fintech\n")
    marked = {span.text: span._.requirement for span in doc.spans["experience"]}
    assert marked == {"5 years": "required", "2 years": "preferred"}


def test_numbered_routes_joined_by_or_are_alternatives() -> None:
    text = ("1. A degree and two years of experience; or 2. A diploma and six years of "
            "experience; or 3. Education and/or experience equivalent to 1 or 2 above.")
    routes = [text[start:end] for start, end in qualification_paths(text)]
    assert len(routes) == 2
    assert routes[0].startswith("1. A degree") and routes[1].startswith("2. A diploma")


def test_numbered_conditions_joined_by_and_are_one_route() -> None:
    text = ("(1) Four years of experience in civil engineering work; and (2) A valid "
            "Professional Engineer's License.")
    assert len(qualification_paths(text)) == 1


def test_substitution_rules_are_not_routes() -> None:
    text = ("1. A degree and two years of experience; or 2. A diploma and six years of "
            "experience. College credit may be substituted for experience at 30 credits a year.")
    routes = [text[start:end] for start, end in qualification_paths(text)]
    assert all("substituted" not in route for route in routes)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aB .;!?\n\tU.S1", max_size=40), st.integers(0, 40))
def test_a_sentence_runs_from_the_break_before_to_the_break_after(text: str, char: int) -> None:
    char = min(char, len(text))
    # the definition, read straight off every match of the break pattern: a break at
    # ``char`` ends the sentence before it
    breaks = list(_SENTENCE_BREAK.finditer(text))
    start = max((match.end() for match in breaks if match.end() <= char), default=0)
    end = min((match.start() for match in breaks if match.start() >= char), default=len(text))
    assert sentence_bounds(text, char) == (start, end)
