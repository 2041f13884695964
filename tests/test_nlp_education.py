"""leadtrends_education: the lowest degree that qualifies, fields of study, certifications."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from nlp.education import fields_of_study
from nlp.pipeline import load_pipeline
from tests.nlp_helpers import read_advert


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(rules_only=True)


def read(nlp: Language, description: str) -> Doc:
    return read_advert(nlp, description, title="IT Manager")


@pytest.mark.parametrize(("text", "degree"), [
    ("Requirements\n- Bachelor's degree in Computer Science\n- 5 years of experience", "bachelor"),
    ("Requirements\n- A master\u2019s degree in Information Systems is required", "master"),
    ("Requirements\n- PhD in machine learning", "doctorate"),
    ("Requirements\n- High school diploma or GED\n- 3 years on a service desk", "high_school"),
    ("Requirements\n- An associate degree in network technology", "associate"),
    ("Requirements\n- Bachelor's or Master's degree in engineering", "bachelor"),
    ("Requirements\n- Strong stakeholder skills\n- 8 years in IT operations", "none"),
])
def test_degree_asked_for_is_read(nlp: Language, text: str, degree: str) -> None:
    assert read(nlp, text)._.min_degree == degree


def test_lowest_degree_across_routes_qualifies(nlp: Language) -> None:
    doc = read(nlp, "Minimum Qualifications\n1. A master's degree in public administration and "
                    "one year of experience; or\n2. A baccalaureate degree and three years of "
                    "experience; or\n3. A four-year high school diploma and six years of "
                    "experience.\n")
    assert doc._.min_degree == "high_school"


def test_route_with_experience_only_means_no_degree_needed(nlp: Language) -> None:
    doc = read(nlp, "Minimum Qualifications\n1. A baccalaureate degree in computer science and "
                    "four years of experience in automation; or\n2. Eight years of experience "
                    "in automation; or\n3. Education and/or experience equivalent to 1 or 2.\n")
    assert doc._.min_degree == "none"


def test_both_degrees_in_one_route_ask_for_the_higher(nlp: Language) -> None:
    doc = read(nlp, "Minimum Qualifications\n1. A baccalaureate degree in civil engineering and "
                    "one year of experience in civil engineering work; or\n2. A baccalaureate "
                    "degree and a master's degree in civil engineering.\n")
    assert doc._.min_degree == "bachelor"


def test_preferred_or_substitute_degrees_do_not_set_the_bar(nlp: Language) -> None:
    doc = read(nlp, "Requirements\n- 6 years of experience running data centres.\n"
                    "- A master's degree is preferred.\n- A degree may be substituted for one "
                    "year of experience.\n")
    assert doc._.min_degree == "none"


def test_fields_of_study_are_listed() -> None:
    text = ("A baccalaureate degree in computer science, information systems or a related "
            "field and four years of experience")
    assert fields_of_study(text) == ["computer science", "information systems"]


def test_certifications_are_collected_once_each(nlp: Language) -> None:
    doc = read(nlp, "Requirements\n- ITIL v4 Foundation\n- PMP or PRINCE2 certification\n"
                    "- ITIL practitioner welcome\n")
    assert doc._.certifications == ["ITIL", "PMP", "PRINCE2"]
