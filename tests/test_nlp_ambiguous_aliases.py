"""Ambiguous aliases: the technology counts only where the text means the technology."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(rules_only=True)  # the taxonomy matcher is the subject here


def skills(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span._.skill_id) for span in doc.spans["skills"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Python, R and SQL required.", [("Python", "python"), ("R", "r-programming"),
                                     ("SQL", "sql")]),
    ("Languages: C, Python.", [("C", "c-programming"), ("Python", "python")]),
    ("Embedded C code and C++.", [("C", "c-programming"), ("C++", "cpp")]),
    ("Strong R programming.", [("R programming", "r-programming")]),
    ("Go, Rust or Python.", [("Go", "go"), ("Rust", "rust"), ("Python", "python")]),
    ("Swift and Kotlin for mobile.", [("Swift", "swift"), ("Kotlin", "kotlin")]),
    ("Excellent Excel skills.", [("Excel", "excel")]),
    ("Meetings on Zoom; pipelines in Apache Airflow.", [("Zoom", "zoom"),
                                                         ("Apache Airflow", "apache-airflow")]),
    ("Manage lead paint surveys across the estate.",
     [("lead paint", "lead-based-paint-management")]),
])
def test_ambiguous_alias_counts_in_a_technology_context(nlp: Language, text: str,
                                                        expected: list[tuple[str, str]]) -> None:
    assert skills(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Grade C or above in maths.",
    "See section C for details.",
    "Plan A, B or C.",
    "Our R&D budget grows.",
    "C / R",
    "Lead a team of engineers and lead by example.",
    "Swift response to incidents.",
    "Go-live support for the rollout.",
    "Excellent written English. Excel at pace.",
    "Go the extra mile.",
    "It is within the purview of the team to remedy faults and zoom out.",
    "Improve airflow in the data hall.",
])
def test_ambiguous_alias_is_not_a_skill_in_ordinary_english(nlp: Language, text: str) -> None:
    assert skills(nlp, text) == []


def test_single_letters_vouch_only_for_each_other_through_real_skills(nlp: Language) -> None:
    # two guarded letters side by side ("C / R") are not evidence; one real skill is
    assert skills(nlp, "C / R and Java") == [("R", "r-programming"), ("Java", "java")]
