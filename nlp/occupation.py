"""``leadtrends_occupation``: an O*NET-SOC 2019 code for the advert's job title.

Two sources, tried in order:

1. Curated rules (``leadtrends.soc_rules.v1``, written for this project): the title's role
   family and a few phrases place the roles leadtrends studies and the technical roles
   around them. Technology managers of every rank, CIOs and CTOs included, are 11-3021.00
   Computer and Information Systems Managers (the SOC's own definition of that group; O*NET's
   title list also files CIO/CTO under 11-1011.00 Chief Executives, which would hide them
   among chief executives of every field); facilities and data-centre managers 11-3013.00;
   engineering, mechanical and electrical operations managers 11-9041.00; IT project and
   programme managers 15-1299.09; and common technical individual roles (developer,
   systems administrator, help desk, business or systems analyst...).
2. O*NET's title lexicon, when its folder is configured (``onet_dir``; read at run time,
   never shipped): the title, trimmed of seniority words and of qualifiers after a comma
   or dash, is looked up among O*NET's occupation, alternate and reported titles; failing
   an exact match, the closest title by character and word similarity counts when it
   scores at least ``min_score``.

Anything else is None: an unknown code, never a guess.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import TARGET_FAMILIES
from nlp.component import BatchComponent
from nlp.extensions import register_extensions
from nlp.linking import EscoLinker, EscoSkill, Link, normalise
from nlp.title import title_words

ALTERNATE_TITLES = "Alternate Titles.xlsx"
REPORTED_TITLES = "Sample of Reported Titles.txt"
OCCUPATION_DATA = "Occupation Data.txt"
# qualifiers that say where or at which grade, not which occupation
_QUALIFIER = re.compile(r"(?:\s*[,(|:\u2013\u2014]|\s[-/]\s|\s(?:in|at|for|of the)\s).*$")
_RANK_WORDS = frozenset({"senior", "sr", "junior", "jr", "assistant", "associate", "deputy",
                         "principal", "lead", "chief", "head", "level", "i", "ii", "iii",
                         "iv", "1", "2", "3", "executive"})

TECH_MANAGERS = "11-3021.00"
FACILITIES_MANAGERS = "11-3013.00"
ENGINEERING_MANAGERS = "11-9041.00"
IT_PROJECT_MANAGERS = "15-1299.09"
_MANAGER_CODES = frozenset({FACILITIES_MANAGERS, ENGINEERING_MANAGERS})


class OnetFileError(ValueError):
    """The O*NET folder lacks its title files or they are not in the official format."""


@spacy.registry.misc("leadtrends.soc_rules.v1")
def soc_rules() -> dict[str, list[str]]:
    """SOC code -> title phrases (lower-case whole words) that place a role there.

    Individual roles: the first code written whose phrase the title holds. Facilities and
    engineering phrases only choose between manager codes for technical operations.
    """
    return {
        IT_PROJECT_MANAGERS: ["it project manager", "technical project manager",
                              "it program manager", "it programme manager",
                              "technology project manager", "it project leader",
                              "software project manager", "digital project manager"],
        "15-1232.00": ["help desk", "helpdesk", "service desk analyst", "desktop support",
                       "it support", "technical support", "tech support", "support technician",
                       "end user support"],
        "15-1244.00": ["systems administrator", "system administrator", "network administrator",
                       "linux administrator", "windows administrator", "sysadmin"],
        "15-1212.00": ["security analyst", "cyber security analyst", "cybersecurity analyst",
                       "soc analyst"],
        "15-1243.00": ["data engineer", "database architect", "sql architect", "etl developer",
                       "data architect"],
        "15-1242.00": ["database administrator", "dba"],
        "15-1253.00": ["test engineer", "qa engineer", "test automation engineer",
                       "quality assurance analyst", "software tester", "qa analyst"],
        "15-1254.00": ["web developer", "web application developer", "front end developer",
                       "frontend developer"],
        "15-1252.00": ["software engineer", "software developer", "applications developer",
                       "application developer", "developer", "programmer analyst"],
        "15-1251.00": ["programmer", "systems programmer", "mainframe programmer"],
        "15-1211.00": ["business analyst", "systems analyst", "it business analyst",
                       "functional analyst", "techno functional analyst"],
        "15-1299.08": ["solutions architect", "solution architect", "systems architect",
                       "enterprise architect", "cloud architect", "infrastructure architect",
                       "systems engineer", "infrastructure engineer", "cloud engineer",
                       "devops engineer", "site reliability engineer"],
        "15-2051.00": ["data scientist", "machine learning engineer"],
        "15-2051.01": ["business intelligence analyst", "bi analyst", "bi developer",
                       "business intelligence specialist"],
        FACILITIES_MANAGERS: ["facilities", "facility", "data centre", "data center",
                              "critical environments", "critical environment",
                              "building services", "building management"],
        ENGINEERING_MANAGERS: ["engineering operations", "mechanical", "electrical",
                               "plant engineering", "mep", "field engineering"],
    }


@lru_cache(maxsize=2)
def read_onet_titles(onet_dir: str) -> tuple[tuple[str, str], ...]:
    """(title, O*NET-SOC code) pairs from O*NET's occupation, alternate and reported titles."""
    root = Path(onet_dir)
    pairs: list[tuple[str, str]] = []
    for name, title_columns in ((OCCUPATION_DATA, ("Title",)),
                                (REPORTED_TITLES, ("Reported Job Title",))):
        path = root / name
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle, delimiter="\t")
                if not {"O*NET-SOC Code", *title_columns} <= set(reader.fieldnames or ()):
                    raise OnetFileError(f"{path} is not the O*NET file it is named after")
                pairs.extend((row[column], row["O*NET-SOC Code"]) for row in reader
                             for column in title_columns if row[column])
        except OSError as exc:
            raise OnetFileError(f"cannot read O*NET file {path}: {exc}") from None
    pairs.extend(_alternate_titles(root / ALTERNATE_TITLES))
    return tuple(pairs)


def _alternate_titles(path: Path) -> list[tuple[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise OnetFileError(f"cannot read O*NET file {path}: {exc}") from None
    rows = workbook.active.iter_rows(values_only=True)
    header = next(rows, ())
    if not {"O*NET-SOC Code", "Alternate Title", "Short Title"} <= set(header):
        raise OnetFileError(f"{path} is not O*NET's Alternate Titles")
    code, alternate, short = (header.index(name) for name in
                              ("O*NET-SOC Code", "Alternate Title", "Short Title"))
    pairs = [(row[column], row[code]) for row in rows for column in (alternate, short)
             if row[column]]
    workbook.close()
    return pairs


def core_title(title: str) -> str:
    """The title without its qualifiers and rank words: "Sr. Data Engineer, DOHMH" -> "data engineer"."""
    trimmed = _QUALIFIER.sub("", f" {title}").strip() or title
    words = [word for word in title_words(trimmed) if word not in _RANK_WORDS]
    return " ".join(words)


class TitleLexicon:
    """O*NET's titles: exact match on the core title, else the most similar title."""

    def __init__(self, pairs: Sequence[tuple[str, str]], min_score: float) -> None:
        self.min_score = min_score
        votes: dict[str, Counter[str]] = {}
        by_code: dict[str, list[str]] = {}
        for title, code in pairs:
            for key in {normalise(title), core_title(title)}:
                votes.setdefault(key, Counter())[code] += 1
            by_code.setdefault(code, []).append(title)
        # a title O*NET files under several occupations ("Project Manager") goes to the one
        # that lists it most often; ties go to the first listed (occupation titles first)
        self.exact = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
        self.linker = EscoLinker([EscoSkill(uri=code, label=titles[0],
                                            alt_labels=tuple(titles[1:]))
                                  for code, titles in by_code.items()])

    def code(self, title: str) -> str | None:
        for key in (normalise(title), core_title(title)):
            if key in self.exact:
                return self.exact[key]
        best: list[Link] = self.linker.link(core_title(title) or title, k=1)
        return best[0].esco_uri if best and best[0].score >= self.min_score else None


class OccupationCoder(BatchComponent):
    """Sets ``doc._.soc_code`` from ``doc._.title`` and the role family already set."""

    def __init__(self, rules: dict[str, list[str]], lexicon: TitleLexicon | None = None) -> None:
        self.rules = [(code, tuple(phrases)) for code, phrases in rules.items()]
        self.lexicon = lexicon

    def code(self, title: str, family: str | None, seniority: str | None) -> str | None:
        padded = f" {' '.join(title_words(title))} "
        matched = [code for code, phrases in self.rules
                   if any(f" {phrase} " in padded for phrase in phrases)]
        if IT_PROJECT_MANAGERS in matched:
            return IT_PROJECT_MANAGERS
        target = family in TARGET_FAMILIES
        if target and seniority in ("manager", "director", "executive"):
            # a "Help Desk Manager" manages the help desk: the managers' code, not the desk's
            return self._manager_code(family, matched)
        individual = [code for code in matched if code not in _MANAGER_CODES]
        if individual:
            return individual[0]
        if target:
            return self._manager_code(family, matched)
        return self.lexicon.code(title) if self.lexicon is not None else None

    @staticmethod
    def _manager_code(family: str | None, matched: list[str]) -> str:
        if family == "technical_operations_management":
            for code in (FACILITIES_MANAGERS, ENGINEERING_MANAGERS):
                if code in matched:
                    return code
        return TECH_MANAGERS

    def __call__(self, doc: Doc) -> Doc:
        title = doc._.title
        doc._.soc_code = (self.code(title, doc._.role_family, doc._.seniority)
                          if title and title.strip() else None)
        return doc


@Language.factory("leadtrends_occupation", default_config={
    "rules": {"@misc": "leadtrends.soc_rules.v1"},
    "onet_dir": None,
    "min_score": 0.75,
})
def make_occupation_coder(nlp: Language, name: str, rules: dict[str, list[str]],
                          onet_dir: str | None, min_score: float) -> OccupationCoder:
    register_extensions()
    lexicon = TitleLexicon(read_onet_titles(str(Path(onet_dir).resolve())), min_score) \
        if onet_dir else None
    return OccupationCoder(rules, lexicon)
