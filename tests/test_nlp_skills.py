"""leadtrends_skills: which phrases count as skills, and which look-alikes do not."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Span
from spacy.util import filter_spans

from nlp.pipeline import load_pipeline
from nlp.skills import make_skill_matcher  # noqa: F401 (registers the factory)
from nlp.token_patterns import longest_first


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(rules_only=True)  # the taxonomy matcher is the subject here


def found(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span._.skill_id) for span in doc.spans["skills"]]


def test_skills_are_matched_whatever_their_case(nlp: Language) -> None:
    assert found(nlp, "Strong Stakeholder Management and KUBERNETES skills.") == [
        ("Stakeholder Management", "stakeholder-management"), ("KUBERNETES", "kubernetes")]


def test_aliases_map_to_the_skill_they_name(nlp: Language) -> None:
    assert found(nlp, "AWS, GenAI and Office 365") == [
        ("AWS", "amazon-web-services"), ("GenAI", "generative-ai"),
        ("Office 365", "microsoft-365")]


def test_longest_match_wins_over_the_name_inside_it(nlp: Language) -> None:
    assert found(nlp, "AWS Certified Solutions Architect preferred") == [
        ("AWS Certified Solutions Architect", "aws-certified-solutions-architect")]
    assert found(nlp, "Microsoft Certified: Azure Administrator Associate.") == [
        ("Microsoft Certified: Azure Administrator Associate", "azure-administrator-associate")]


def test_skill_at_the_end_of_a_sentence_is_matched(nlp: Language) -> None:
    assert found(nlp, "You will hold P&L.") == [("P&L", "pl-responsibility")]
    assert found(nlp, "We run Hyper-V.") == [("Hyper-V", "hyper-v")]


def test_lead_as_a_verb_is_not_a_skill(nlp: Language) -> None:
    assert found(nlp, "You will lead a team of engineers. Lead the roadmap.") == []


def test_excellent_is_not_excel_and_excel_as_a_verb_is_not_either(nlp: Language) -> None:
    assert found(nlp, "Excellent communication. Excel at stakeholder management.") == [
        ("communication", "communication-skills"),
        ("stakeholder management", "stakeholder-management")]
    assert found(nlp, "Advanced Excel skills.") == [("Excel", "excel")]


def test_lower_case_words_that_spell_an_acronym_are_not_skills(nlp: Language) -> None:
    # ups (UPS), sap (SAP), iam (IAM), go (Go), swift (Swift)
    assert found(nlp, "Weather the ups and downs, go the extra mile, a swift reply, "
                      "the sap rises, I am keen.") == []


def test_exact_case_ambiguous_words_still_count_as_skills(nlp: Language) -> None:
    assert found(nlp, "Services written in Go and Rust, with UPS and SAP.") == [
        ("Go", "go"), ("Rust", "rust"), ("UPS", "uninterruptible-power-supply"),
        ("SAP", "sap")]


def test_go_opening_a_sentence_as_a_verb_is_not_the_language(nlp: Language) -> None:
    assert found(nlp, "Go to market fast. Go experience is a plus.") == [("Go", "go")]


def test_certifications_and_technologies_are_knowledge_the_rest_skills(nlp: Language) -> None:
    doc = nlp("CISSP, Docker, budget management, FinOps and negotiation.")
    labels = {span.text: (span.label_, span._.skill_category) for span in doc.spans["skills"]}
    assert labels == {"CISSP": ("KNOWLEDGE", "certification"),
                      "Docker": ("KNOWLEDGE", "technical"),
                      "budget management": ("SKILL", "leadership"),
                      "FinOps": ("SKILL", "business"),
                      "negotiation": ("SKILL", "soft")}


def test_mentions_know_the_section_they_sit_in(nlp: Language) -> None:
    doc = nlp("We use Docker.\nRequirements\n- Python\nNice to have\n- Terraform")
    assert [(span.text, span._.section) for span in doc.spans["skills"]] == [
        ("Docker", None), ("Python", "requirements"), ("Terraform", "nice_to_have")]


def test_skill_matcher_works_alone_with_a_custom_taxonomy() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("leadtrends_skills", config={"taxonomy": [
        {"skill_id": "widgets", "name": "widget tuning", "category": "technical",
         "aliases": ["WT"]}]})
    doc = nlp("Widget tuning, WT and wt.")  # "wt" in lower case is not the acronym
    assert [(span.text, span._.skill_id) for span in doc.spans["skills"]] == [
        ("Widget tuning", "widgets"), ("WT", "widgets")]


_WORDS = spacy.blank("en")(" ".join(["word"] * 25))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 19), st.integers(1, 6)), max_size=25))
def test_overlaps_are_resolved_as_filter_spans_resolves_them(bounds: list[tuple[int, int]]
                                                             ) -> None:
    # the component keeps candidates as token bounds; which stay must be what spaCy's
    # filter_spans keeps, ties (same bounds, another skill) included
    doc = _WORDS
    candidates = [(start, start + length, f"skill-{index}", "technical", 0)
                  for index, (start, length) in enumerate(bounds)]
    spans = [Span(doc, start, end, label=skill_id) for start, end, skill_id, *_ in candidates]
    assert [(start, end, skill_id) for start, end, skill_id, *_ in longest_first(candidates)] \
        == [(span.start, span.end, span.label_) for span in filter_spans(spans)]
