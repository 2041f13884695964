"""``leadtrends_education``: the lowest degree that qualifies, fields of study, certifications.

Adverts often offer routes ("A master's degree and one year ...; or a baccalaureate degree
and three years ...; or a high school diploma and six years ..."), so the degree asked for
is the lowest across the alternative paths found by :func:`nlp.requirements.doc_paths`. A
path naming no education at all ("Eight years of experience", "A valid engineer's licence")
qualifies without a degree, so the advert's minimum is then ``none``. Inside one path,
degrees joined by "or" are alternatives (the lower counts) and otherwise they add up ("a
baccalaureate degree and a master's degree" asks for the master's). Sentences that say a
degree is preferred or may substitute for experience never set the bar.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import DEGREES, Degree
from nlp.component import BatchComponent
from nlp.extensions import doc_folded, doc_text, register_extensions, set_doc_values
from nlp.prefilter import Prefiltered, fold
from nlp.requirements import doc_paths, sentence_bounds

_RANK = {degree: rank for rank, degree in enumerate(DEGREES)}
# mis-decoded apostrophes ("masterâ€™s") are common in scraped and exported adverts
_APOS = r"(?:'|\u2019|\S{1,3})?"


@spacy.registry.misc("leadtrends.degree_patterns.v1")
def degree_patterns() -> dict[str, list[str]]:
    """Regular expressions (case-insensitive) naming each level of education."""
    return {
        "doctorate": [r"\bdoctorate\b", r"\bdoctoral\b", r"\bph\.?\s?d\b", r"\bdoctor of\b",
                      r"\bjuris doctor"],
        "master": [(rf"\bmaster{_APOS}s?\s+(?:degree|of (?:science|arts|business|public|"
                    r"social|fine|engineering|education|library))"),
                   rf"\bmaster{_APOS}s\b(?! of)", r"\bmba\b", r"\bm\.?sc\b",
                   r"\bpostgraduate degree\b", r"\bgraduate degree\b"],
        "bachelor": [r"\bbachelor", r"\bbaccalaureate\b", r"\bb\.?sc\b", r"\bb\.s\.",
                     r"\bb\.a\.", r"\bundergraduate degree\b", r"\bfour[- ]year degree\b",
                     r"\bcollege degree\b", r"\buniversity degree\b", r"\bdegree in\b",
                     r"\bdegree from an accredited\b"],
        "associate": [rf"\bassociate{_APOS}s?\s+degree\b", r"\bassociate of (?:arts|science)",
                      r"\b60 semester credits\b", r"\btwo[- ]year degree\b"],
        "high_school": [r"\bhigh school (?:diploma|graduation|graduate|equivalen)",
                        r"\bhigh school or\b", r"\bged\b", r"\bsecondary school\b",
                        r"\bgraduation from an? (?:trade|technical|vocational)"],
    }


@spacy.registry.misc("leadtrends.certification_patterns.v1")
def certification_patterns() -> list[str]:
    """Certifications and licences worth counting, as regular expressions."""
    return [r"\bPMP\b", r"\bPRINCE2\b", r"\bITIL\b", r"\bCISSP\b", r"\bCISM\b", r"\bCISA\b",
            r"\bCCNA\b", r"\bCCNP\b", r"\bCCIE\b", r"\bCompTIA [A-Z][a-z+]*\+?", r"\bTOGAF\b",
            r"\bAWS Certified[\w -]{0,40}", r"\bAzure (?:Administrator|Solutions Architect)\b",
            r"\bCertified Scrum\w*(?: Master)?", r"\bCSM\b", r"\bSAFe\b", r"\bPgMP\b",
            r"\bSix Sigma\b", r"\bCertified Public Accountant\b", r"\bCPA\b",
            r"\bProfessional Engineer\b", r"\bRegistered (?:Architect|Nurse|Dietitian)\b",
            r"\bLicensed (?:Master|Clinical) Social Worker\b", r"\bMCSE\b", r"\bRHCE\b",
            r"\bCKA\b", r"\bGoogle Cloud (?:Certified|Professional)[\w -]{0,30}"]


_PREFERRED = Prefiltered(r"\bpreferred\b|\bpreferably\b|\bdesirable\b|\ba plus\b|\bideally\b"
                        r"|\bsubstitut|\bin lieu\b", re.IGNORECASE)
_FIELD = Prefiltered(
    r"\b(?:degree|diploma|baccalaureate|bachelor\S*|master\S*|doctorate)\b[^.;]{0,40}?"
    r"\b(?:in|with a (?:major|specialization) in|majoring in)\s+"
    r"(?P<fields>[A-Za-z][A-Za-z ,/&'-]{2,160}?)"
    r"(?=\s+(?:from|and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d)|or\s+"
    r"equivalent|plus|is|are|required|preferred)\b|[.;:(]|,\s+(?:and|plus)\b|$)",
    re.IGNORECASE)
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_FIELD_SPLIT = re.compile(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and/or\s+|/", re.IGNORECASE)
_FIELD_STOP = re.compile(r"^(?:a|an|the|any|one|closely|other|related|appropriate)\b.*"
                         r"(?:field|area|discipline|subject)s?$|^(?:a\s+)?related fields?$",
                         re.IGNORECASE)


class EducationReader(BatchComponent):
    """Sets ``doc._.min_degree``, ``doc._.fields_of_study`` and ``doc._.certifications``."""

    def __init__(self, patterns: dict[str, list[str]], certifications: list[str]) -> None:
        unknown = sorted(set(patterns) - set(DEGREES))
        if unknown:
            raise ValueError(f"unknown degree levels in patterns: {', '.join(unknown)}")
        # most specific first: "associate degree from an accredited college" must not be
        # taken for the bachelor pattern "degree from an accredited"
        order = ("doctorate", "master", "associate", "high_school", "bachelor")
        self.levels = [(Prefiltered("|".join(f"(?:{p})" for p in patterns[level]),
                                    re.IGNORECASE), level)
                       for level in order if level in patterns]
        self.certifications = Prefiltered("|".join(f"(?:{p})" for p in certifications))

    def mentions(self, text: str, start: int = 0, end: int | None = None,
                 folded: str | None = None) -> list[tuple[int, Degree]]:
        """(offset, level) of each degree named between two offsets, preferred ones left out.

        ``folded``: ``nlp.prefilter.fold(text)`` when the caller has it.
        """
        end = len(text) if end is None else end
        folded = fold(text) if folded is None else folded
        found: dict[int, Degree] = {}
        for pattern, level in self.levels:
            for match in pattern.find_all(text, start, end, folded):
                bounds = sentence_bounds(text, match.start())
                if _PREFERRED.search_slice(text, bounds[0], bounds[1], folded):
                    continue
                # the more specific level wins where two patterns overlap ("degree in")
                if not any(abs(match.start() - at) < 12 for at in found):
                    found[match.start()] = level
        return sorted(found.items())

    def path_degree(self, text: str, start: int, end: int, folded: str | None = None
                    ) -> Degree:
        mentions = self.mentions(text, start, end, folded)
        if not mentions:
            return "none"
        position, degree = mentions[0]
        for next_position, level in mentions[1:]:
            between = text[position:next_position]
            alternative = _OR.search(between)
            pick = min if alternative else max
            degree = pick(degree, level, key=_RANK.__getitem__)
            position = next_position
        return degree

    def __call__(self, doc: Doc) -> Doc:
        text, folded = doc_text(doc), doc_folded(doc)
        paths = doc_paths(doc)
        degrees = [max((self.path_degree(text, start, end, folded) for start, end in ranges),
                       key=_RANK.__getitem__, default="none") for ranges in paths]
        # no path at all: the advert states no requirement, so it asks for no degree
        fields: list[str] = []
        for ranges in paths:
            for start, end in ranges:
                fields.extend(fields_of_study(text[start:end], folded[start:end]))
        set_doc_values(
            doc, min_degree=min(degrees, key=_RANK.__getitem__, default="none"),
            fields_of_study=list(dict.fromkeys(fields)),
            certifications=list(dict.fromkeys(
                " ".join(match.group().split())
                for match in self.certifications.find_all(text, folded=folded))))
        return doc


def fields_of_study(text: str, folded: str | None = None) -> list[str]:
    """Fields named after a degree ("a degree in computer science or engineering").

    ``folded``: ``nlp.prefilter.fold(text)`` when the caller has it.
    """
    fields: list[str] = []
    for match in _FIELD.find_all(text, folded=folded):
        for part in _FIELD_SPLIT.split(match.group("fields")):
            field = " ".join(part.split()).strip(" ,'-").lower()
            field = field.removeprefix("or ")
            if 2 < len(field) <= 60 and not _FIELD_STOP.match(field):
                fields.append(field)
    return fields


def register_education_extensions() -> None:
    for name in ("min_degree", "fields_of_study", "certifications"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.factory("leadtrends_education", default_config={
    "patterns": {"@misc": "leadtrends.degree_patterns.v1"},
    "certifications": {"@misc": "leadtrends.certification_patterns.v1"},
})
def make_education_reader(nlp: Language, name: str, patterns: dict[str, list[str]],
                          certifications: list[str]) -> EducationReader:
    register_extensions()
    register_education_extensions()
    return EducationReader(patterns, certifications)
