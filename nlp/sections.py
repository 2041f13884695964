"""``leadtrends_sections``: split an advert into sections at its heading lines.

Descriptions arrive as plain text with one line per heading, paragraph or bullet (see
``scrapers/description_text.py``). A line is a heading when, stripped of bullets, markdown
hashes and a trailing colon, it is one of the known heading phrases; "Requirements: 5 years..."
(a heading with its content on the same line) also opens a section. Headings map to a small
set of canonical section names so trends can compare "What you'll need" with "Requirements".
Text before the first heading has no section (None).
"""

from __future__ import annotations

import re
import sys

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.component import BatchComponent
from nlp.extensions import Section, doc_text, register_extensions, set_doc_values

SECTION_NAMES = ("about_company", "about_role", "responsibilities", "requirements",
                 "qualifications", "nice_to_have", "benefits", "application",
                 "equal_opportunities")

_LINE = re.compile(r"[^\n]+")
_WHITESPACE = "".join(char for char in map(chr, range(sys.maxunicode + 1)) if char.isspace())
# bullets, markdown and spacing before a heading, punctuation and spacing after it
_LEADING = _WHITESPACE + "#*•·-–—>"
_TRAILING = _WHITESPACE + ":.!*#"
_MAX_HEADING_WORDS = 8


@spacy.registry.misc("leadtrends.section_headings.v1")
def section_headings() -> dict[str, str]:
    """Heading phrase (lower case, straight apostrophes) -> canonical section name."""
    groups = {
        "about_company": ["about us", "about the company", "who we are", "our company",
                          "the company", "company overview", "about the organisation",
                          "about the organization", "our story", "the organisation"],
        "about_role": ["about the role", "the role", "role overview", "overview",
                       "job description", "job summary", "summary", "purpose of the role",
                       "the opportunity", "about the job", "about the position", "the position",
                       "role purpose", "position summary"],
        "responsibilities": ["responsibilities", "key responsibilities", "your responsibilities",
                             "main responsibilities", "what you'll do", "what you will do",
                             "what you'll be doing", "what you will be doing", "duties",
                             "key duties", "main duties", "day to day", "day-to-day",
                             "your role", "in this role you will", "the job",
                             "responsibilities include", "key accountabilities",
                             "accountabilities", "your impact"],
        "requirements": ["requirements", "key requirements", "job requirements",
                         "what you'll need", "what you will need", "what we're looking for",
                         "what we are looking for", "about you", "who you are",
                         "skills and experience", "experience", "essential",
                         "essential criteria", "essential skills", "essential requirements",
                         "must have", "must haves", "must-haves", "must-have", "your profile",
                         "your skills", "key skills", "person specification",
                         "what you'll bring", "what you will bring", "what you bring",
                         "skills", "experience and skills", "skills & experience",
                         "required skills", "minimum requirements", "the ideal candidate",
                         "ideal candidate", "you have", "you will have"],
        "qualifications": ["qualifications", "education", "certifications",
                           "qualifications and certifications", "education and qualifications",
                           "required qualifications", "minimum qualifications",
                           "basic qualifications"],
        "nice_to_have": ["nice to have", "nice-to-have", "nice to haves", "nice-to-haves",
                         "desirable", "desirable criteria", "desirable skills", "desired skills",
                         "bonus points", "bonus", "preferred", "preferred qualifications",
                         "preferred skills", "it would be great if", "it would be great if you",
                         "even better if", "good to have", "a plus", "plus"],
        "benefits": ["benefits", "what we offer", "what we can offer", "what's in it for you",
                     "perks", "perks and benefits", "perks & benefits", "benefits and perks",
                     "why join us", "why work for us", "compensation", "salary and benefits",
                     "the package", "package", "our offer", "rewards", "rewards and benefits",
                     "compensation and benefits"],
        "application": ["how to apply", "application process", "next steps",
                        "interview process", "our hiring process", "hiring process"],
        "equal_opportunities": ["equal opportunities", "equal opportunity", "diversity",
                                "diversity and inclusion", "diversity & inclusion",
                                "equal opportunity employer", "our commitment"],
    }
    return {phrase: name for name, phrases in groups.items() for phrase in phrases}


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lstrip(_LEADING).rstrip(_TRAILING).lower().split())


def heading_section(line: str, headings: dict[str, str]) -> str | None:
    """Canonical section a line opens, or None when it is not a heading."""
    if line.lstrip().startswith(("- ", "* ", "• ")):
        return None  # a bullet is content, even when it reads "Experience"
    # a line of more words than a heading has is not one (counted as _normalise would,
    # without lowering and joining a whole paragraph)
    words = line.lstrip(_LEADING).rstrip(_TRAILING).split(None, _MAX_HEADING_WORDS)
    key = _normalise(line) if len(words) <= _MAX_HEADING_WORDS else ""
    if key in headings:
        return headings[key]
    head, colon, _ = line.partition(":")
    if colon:
        head_key = _normalise(head)
        if head_key in headings and len(head_key.split()) <= _MAX_HEADING_WORDS:
            return headings[head_key]
    # "About Acme Ltd" names the company, so no list can hold it
    if key.startswith("about ") and len(key.split()) <= 5:
        return "about_company"
    return None


class SectionMarker(BatchComponent):
    """Sets ``doc._.sections`` to [(start_char, end_char, name)] from heading to heading."""

    def __init__(self, headings: dict[str, str]) -> None:
        unknown = sorted(set(headings.values()) - set(SECTION_NAMES))
        if unknown:
            raise ValueError(f"unknown section names in headings: {', '.join(unknown)}")
        self.headings = {_normalise(phrase): name for phrase, name in headings.items()}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sections: list[Section] = []
        for line in _LINE.finditer(text):
            name = heading_section(line.group(), self.headings)
            if name is None:
                continue
            if sections:
                start, _, previous = sections[-1]
                sections[-1] = (start, line.start(), previous)
            sections.append((line.start(), len(text), name))
        set_doc_values(doc, sections=sections)
        return doc


@Language.factory("leadtrends_sections", default_config={
    "headings": {"@misc": "leadtrends.section_headings.v1"},
})
def make_section_marker(nlp: Language, name: str, headings: dict[str, str]) -> SectionMarker:
    register_extensions()
    return SectionMarker(headings)
