"""leadtrends_experience: the minimum years of experience an advert asks for."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from nlp.experience import (  # make_experience_finder registers the factory
    ExperienceFinder,
    experience_cues,
    experience_patterns,
    make_experience_finder,  # noqa: F401
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("leadtrends_experience")
    return nlp


@pytest.mark.parametrize(("text", "years"), [
    ("5+ years of experience in senior IT roles.", 5.0),
    ("At least 7 years' experience in technology leadership roles.", 7.0),
    ("At least 7 years\u2019 experience leading teams.", 7.0),
    ("Minimum of three years' experience in a similar role.", 3.0),
    ("Minimum of three years managing infrastructure teams.", 3.0),
    ("3-5 years of experience in data platforms.", 3.0),
    ("3 to 5 years in a comparable management role.", 3.0),
    ("Between 4 and 6 years as an engineering manager.", 4.0),
    ("18 months' experience with ServiceNow.", 1.5),
    ("12\u201318 months experience on a service desk.", 1.0),
    ("Over 10 years leading infrastructure teams.", 10.0),
    ("More than 8 years experience.", 8.0),
    ("Five or more years in mission-critical facilities.", 5.0),
    ("You will have 6+ years in technical operations roles.", 6.0),
    ("Ten-plus years of hands-on experience.", 10.0),
    ("Experience: 4 years minimum.", 4.0),
    ("You have worked in IT for at least 5 years.", 5.0),
    ("We have worked with clients for 25 years.", None),
    ("5yrs experience with AWS.", 5.0),
    ("Zero or more years in a similar role.", 0.0),
])
def test_stated_experience_is_read_as_a_minimum_in_years(
        nlp: Language, text: str, years: float | None) -> None:
    assert nlp(text)._.min_years_experience == years


@pytest.mark.parametrize("text", [
    "We were founded 25 years ago in Leeds.",
    "Our company has 10 years of history in payments.",
    "Candidates must be over 18 years of age.",
    "You will be aged 21 years or over.",
    "Achieve ISO 27001 certification within 2 years.",
    "Our portfolio has doubled in the last five years.",
    "A fixed 2 year contract with a 6 month probation.",
    "We have been trading for over 30 years.",
    "Celebrating 50 years of service to our members.",
    "27 days' holiday plus bank holidays.",
])
def test_durations_that_are_not_about_experience_are_ignored(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc._.min_years_experience is None
    assert list(doc.spans["experience"]) == []


def test_posting_minimum_is_the_smallest_experience_requirement(nlp: Language) -> None:
    doc = nlp("Founded 40 years ago.\n- 8+ years of experience in IT.\n"
              "- At least 3 years' experience managing budgets.\n- 2 year contract.")
    assert doc._.min_years_experience == 3.0
    assert [(span.text, span._.years) for span in doc.spans["experience"]] == [
        ("8+ years", 8.0), ("3 years", 3.0)]


def test_advert_without_any_duration_has_no_minimum(nlp: Language) -> None:
    assert nlp("Lead our IT team.")._.min_years_experience is None


def test_a_duration_ruled_out_is_remembered_per_doc_and_cues(nlp: Language) -> None:
    # the experience and path readers share which durations their context rules out; a
    # finder with other cues must not take another's answers
    doc = nlp("Apply within 5 years of experience.")
    [span] = nlp.get_pipe("leadtrends_experience").durations(doc)
    assert nlp.get_pipe("leadtrends_experience").ruled_out(span)
    cues = experience_cues()
    cues["negative_before"] = [word for word in cues["negative_before"] if word != "within"]
    lenient = ExperienceFinder(nlp, experience_patterns(), cues)
    assert not lenient.ruled_out(span)
    assert nlp.get_pipe("leadtrends_experience").ruled_out(span)
