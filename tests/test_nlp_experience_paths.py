"""leadtrends_experience_paths: the entry bar across alternative routes, the longest route,
leadership experience and years per skill."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.pipeline import load_pipeline
from tests.nlp_helpers import read_advert


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(rules_only=True)



ROUTES = """Minimum Qualifications
1. A master's degree in information systems and two years of full-time experience in IT
operations, one year of which must have been in a supervisory capacity; or
2. A baccalaureate degree and four years of full-time experience as described in 1 above; or
3. A four-year high school diploma and seven years of experience as described in 1 above; or
4. Education and/or experience equivalent to 1, 2 or 3 above. However, all candidates must
have at least one year of the supervisory experience described in 1 above.
"""


def test_entry_bar_is_the_shortest_route_and_the_longest_route_is_the_maximum(
        nlp: Language) -> None:
    doc = read_advert(nlp, ROUTES)
    assert doc._.experience_paths == [2.0, 4.0, 7.0]
    assert doc._.min_years_across_paths == 2.0
    assert doc._.max_years_experience == 7.0


def test_supervisory_experience_inside_a_route_is_leadership_years(nlp: Language) -> None:
    assert read_advert(nlp, ROUTES)._.leadership_years == 1.0


def test_a_route_needing_no_experience_makes_the_entry_bar_zero(nlp: Language) -> None:
    doc = read_advert(nlp, "Minimum Qualifications\n1. A baccalaureate degree from an accredited "
                    "college; or\n2. An associate degree and two years of experience in claims "
                    "work; or\n3. A high school diploma and four years of experience in claims "
                    "work.\n")
    assert doc._.min_years_across_paths == 0.0
    assert doc._.max_years_experience == 4.0


def test_higher_assignment_levels_do_not_raise_the_bar(nlp: Language) -> None:
    doc = read_advert(nlp, "Minimum Qualifications\nA baccalaureate degree and two years of "
                    "experience in help desk work. To be assigned to Assignment Level II, "
                    "candidates must have three more years of experience as described above.")
    assert doc._.min_years_across_paths == 2.0
    assert doc._.max_years_experience == 2.0


def test_schooling_and_history_are_not_experience(nlp: Language) -> None:
    doc = read_advert(nlp, "Requirements\nA four-year high school diploma and one year of clerical "
                    "experience. We were founded 25 years ago.")
    assert doc._.min_years_across_paths == 1.0
    assert doc._.max_years_experience == 1.0


def test_free_text_advert_has_one_route_with_range_top_as_maximum(nlp: Language) -> None:
    doc = read_advert(nlp, "About the role\nLead our platform group.\nRequirements\n- 5-8 years of "
                    "experience in infrastructure engineering\n- 3+ years managing teams of "
                    "engineers\n")
    assert doc._.experience_paths == [5.0]
    assert doc._.max_years_experience == 8.0
    assert doc._.leadership_years == 3.0
    # the existing attribute keeps its meaning: the smallest requirement stated
    assert doc._.min_years_experience == 3.0


def test_advert_stating_no_experience_has_no_years(nlp: Language) -> None:
    doc = read_advert(nlp, "Requirements\nA valid driver's licence and a good eye for detail.")
    assert doc._.min_years_across_paths is None
    assert doc._.max_years_experience is None
    assert doc._.leadership_years is None


def test_years_attach_to_the_skill_they_precede(nlp: Language) -> None:
    doc = read_advert(nlp, "Requirements\n- 5+ years of experience with Python and Kubernetes\n"
                    "- Some exposure to Terraform\n")
    years = doc._.skill_years
    found = {span._.skill_id: span.text for span in doc.spans["skills"]}
    python = next(skill for skill, text in found.items() if text == "Python")
    assert years[python] == 5.0
    assert all(found[skill] != "Terraform" for skill in years)
