"""leadtrends_sections: heading lines split an advert into named sections."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.sections import SectionMarker  # importing registers the factory


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("leadtrends_sections")
    return nlp


def named(doc: Doc) -> list[tuple[str, str]]:
    return [(doc.text[start:end].splitlines()[0], name) for start, end, name in doc._.sections]


def test_heading_lines_open_canonical_sections(nlp: Language) -> None:
    doc = nlp("About us\nWe make things.\nWhat you'll do\n- Run IT\nWhat we're looking for:\n"
              "- Python\nDesirable\n- Go\nWhat we offer\n- Pension")
    assert named(doc) == [("About us", "about_company"), ("What you'll do", "responsibilities"),
                          ("What we're looking for:", "requirements"),
                          ("Desirable", "nice_to_have"), ("What we offer", "benefits")]


def test_sections_cover_the_text_from_heading_to_next_heading(nlp: Language) -> None:
    text = "Intro line\nRequirements\n- Python\nBenefits\n- Pension"
    doc = nlp(text)
    assert doc._.sections == [(11, 33, "requirements"), (33, len(text), "benefits")]
    assert doc[0]._.section is None  # before the first heading
    python = next(token for token in doc if token.text == "Python")
    assert python._.section == "requirements"


def test_headings_are_recognised_despite_decoration_and_case(nlp: Language) -> None:
    doc = nlp("## KEY RESPONSIBILITIES ##\n- x\n**Nice-to-have:**\n- y\nQualifications:\n- z\n"
              "What You\u2019ll Need\n- w")
    assert [name for _, _, name in doc._.sections] == [
        "responsibilities", "nice_to_have", "qualifications", "requirements"]


def test_heading_with_content_on_the_same_line_opens_a_section(nlp: Language) -> None:
    doc = nlp("Intro\nRequirements: 5 years with Python.\nBenefits: a pension.")
    assert [name for _, _, name in doc._.sections] == ["requirements", "benefits"]


def test_about_the_company_by_name_is_about_company(nlp: Language) -> None:
    doc = nlp("About Acme Ltd\nWe make anvils.\nAbout the role\nYou run IT.")
    assert [name for _, _, name in doc._.sections] == ["about_company", "about_role"]


def test_bullets_and_sentences_mentioning_heading_words_are_not_headings(
        nlp: Language) -> None:
    doc = nlp("Requirements\n- Experience\nExperience with the benefits of cloud is key.\n"
              "Our benefits team is great.")
    assert [name for _, _, name in doc._.sections] == ["requirements"]


def test_advert_without_headings_has_no_sections(nlp: Language) -> None:
    assert nlp("Just a paragraph about the job.")._.sections == []


def test_unknown_section_name_in_the_heading_table_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown section names in headings: perks_zone"):
        SectionMarker({"perks": "perks_zone"})
