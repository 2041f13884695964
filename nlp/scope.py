"""``leadtrends_scope``: how big the job is and where it is done.

Leadership adverts state their scope in a few conventional shapes: "lead a team of 12
engineers", "8 direct reports", "manage a £4.5m budget", "reporting to the CIO", "hybrid,
two days in the office". These are read with regular expressions over the advert text:
a number counts as a team size only next to people words, and as a budget only next to
"budget" with a currency, so "5 years" or "50,000 users" never become a team. Pay stated
in the text is read by :func:`scrapers.salary_text.parse_salary_text` (one parser for the
whole project) and annualised here so day rates and salaries can be compared.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import WorkArrangement
from leadtrends.textfold import Literals
from nlp.component import BatchComponent
from nlp.experience import number_value
from nlp.extensions import doc_folded, doc_text, register_extensions, set_doc_values
from nlp.prefilter import Prefiltered, fold
from scrapers.salary_text import parse_salary_text

# Full-time equivalents, no leave deducted: a day rate times 260 overstates what a
# contractor earns in a year, but the same factor for every advert keeps trends comparable.
ANNUAL_FACTOR = {"hour": 2080.0, "day": 260.0, "week": 52.0, "month": 12.0, "year": 1.0}

_NUMBER = (r"(?P<n>\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"fifteen|twenty|thirty|forty|fifty)")
_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty")
# what makes a line without a digit numeric; _numeric_lines finds it without running it
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)
_NUMBER_WORD_LITERALS = Literals(_NUMBER_WORDS)
_PEOPLE = (r"(?:people|persons|staff|engineers|developers|employees|professionals|members|"
           r"team members|reports|direct reports|managers|analysts|specialists|technicians|"
           r"fte'?s?|headcount|colleagues|consultants|contractors|architects|individuals)")
_TEAM = [
    Prefiltered(rf"\b(?:team|teams|staff|function|department|organi[sz]ation|group) of "
                rf"(?:up to |approximately |about |around |over |more than |some |c\.?\s?)?"
                rf"{_NUMBER}\+?(?:\s+{_PEOPLE})?\b", re.IGNORECASE),
    Prefiltered(rf"\b(?:manag\w*|lead\w*|supervis\w*|oversee\w*|overseeing|run\w*|head\w*)\s+"
                rf"(?:a |an )?(?:team |staff )?(?:of )?(?:up to |approximately |about |around |"
                rf"over |more than |some )?{_NUMBER}\+?\s+{_PEOPLE}\b", re.IGNORECASE),
    Prefiltered(rf"\b{_NUMBER}[- ](?:person|people|strong|member)\s+(?:\w+\s+)?team\b",
                re.IGNORECASE),
]
_DIRECT_REPORTS = Prefiltered(
    rf"\b{_NUMBER}\+?\s+direct reports\b"
    rf"|\bdirect reports?\s*(?:of|:)\s*{_NUMBER.replace('?P<n>', '?P<m>')}", re.IGNORECASE)
_MONEY = (r"(?P<cur>[$£€])\s?(?P<amount>\d+(?:[.,]\d+)*)\s?(?P<scale>k|m|mn|million|bn|billion)?"
          r"\b")
_BUDGET = [
    Prefiltered(rf"\bbudgets? (?:of |worth |totalling |totaling |in excess of |exceeding |"
                rf"over |up to |approximately |around )*{_MONEY}", re.IGNORECASE),
    Prefiltered(rf"{_MONEY}\s?(?:\+\s?)?(?:annual |operating |capital |opex |capex |it |"
                rf"technology )*budgets?\b", re.IGNORECASE),
]
_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR"}
_REPORTS_TO = Prefiltered(
    r"\b(?i:report(?:s|ing)?\s+(?:directly\s+)?(?:in\s*)?to\s+(?:the\s+|our\s+|a\s+)?)"
    r"(?P<title>(?:[A-Z][\w&/-]*|of|and|for|the|&)(?:\s+(?:[A-Z][\w&/-]*|of|and|for|the|&))"
    r"{0,7})")
_TITLE_TAIL = re.compile(r"(?:\s+(?:of|and|for|the|&))+$")
_HYBRID = Prefiltered(r"\bhybrid\b|\bdays? (?:a|per) week in (?:the|our) office"
                      r"|\bdays? in the office\b|\bsplit between (?:home|office)", re.IGNORECASE)
_REMOTE = Prefiltered(r"\b(?:fully|100%|entirely|completely) remote\b|\bremote[- ]first\b"
                      r"|\bwork(?:ing)? from (?:home|anywhere)\b|\bremote (?:role|position|job|"
                      r"working|work|opportunity|friendly)\b|\bthis role is remote\b"
                      r"|\bremote\s*(?:\(|-|–)\s*(?:US|UK|EU|Europe|worldwide)", re.IGNORECASE)
_NOT_REMOTE = Prefiltered(r"\b(?:not|no|non)[- ](?:a )?remote\b|\bremote work is not\b",
                          re.IGNORECASE)
_ON_SITE = Prefiltered(r"\bon[- ]?site\b|\bin[- ]office\b|\boffice[- ]based\b"
                       r"|\bfive days (?:a|per) week in the office\b|\bin person\b",
                       re.IGNORECASE)


def numeric_lines(text: str, folded: str | None = None) -> str:
    """The lines of ``text`` that hold a digit or a number word ("one" to "fifty").

    ``folded``: ``nlp.prefilter.fold(text)`` when the caller has it.
    """
    return _numeric_lines(text, fold(text) if folded is None else folded)[0]


def _numeric_lines(text: str, folded: str) -> tuple[str, str]:
    """:func:`numeric_lines` and its folded form (``folded`` is ``fold(text)``).

    Folding goes character by character and no case rule reads across a line break, so a
    join of the text's lines folds to the join of the folded text's lines.
    """
    lines = text.splitlines()
    digit = _ASCII_DIGIT if text.isascii() else _DIGIT  # the same in ASCII text, but faster
    keep = [bool(digit.search(line)) for line in lines]
    wordy = [index for index, has_digit in enumerate(keep) if not has_digit]
    if wordy:
        # a number word on a line without a digit, found in one pass over those lines and
        # bounded by non-word characters as _NUMBER_WORD's \b has it ("one" in "someone"
        # is no number; a line break bounds a word as the line's end does)
        joined = "\n".join(lines[index] for index in wordy)
        joined_folded = fold(joined)
        line_starts = list(accumulate((len(lines[index]) + 1 for index in wordy), initial=0))
        for at, end in _NUMBER_WORD_LITERALS.spans(joined_folded):
            if not (at and _is_word(joined[at - 1])) \
                    and not (end < len(joined) and _is_word(joined[end])):
                keep[wordy[bisect_right(line_starts, at) - 1]] = True
    numeric = "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)
    return numeric, fold(numeric)


def _is_word(char: str) -> bool:
    """What ``re`` counts as a word character for ``\\b`` in a str pattern."""
    return char.isalnum() or char == "_"


def _count(match: re.Match[str]) -> int | None:
    for group in ("n", "m"):
        raw = match.groupdict().get(group)
        if raw:
            value = number_value(raw)
            return int(value) if value is not None else None
    return None


def team_size(text: str, folded: str | None = None) -> int | None:
    """The largest team the role manages, or None when no team size is stated.

    ``folded``: ``nlp.prefilter.fold(text)`` when the caller has it.
    """
    folded = fold(text) if folded is None else folded
    sizes = [size for pattern in _TEAM for match in pattern.find_all(text, folded=folded)
             if (size := _count(match)) is not None and 1 < size <= 100_000]
    return max(sizes, default=None)


def direct_reports(text: str, folded: str | None = None) -> int | None:
    counts = [count for match in _DIRECT_REPORTS.find_all(text, folded=folded)
              if (count := _count(match)) is not None and 0 < count <= 500]
    return max(counts, default=None)


def _money(match: re.Match[str]) -> tuple[float, str] | None:
    raw = match.group("amount")
    # "4.5m" is four and a half million; "1,200,000" and "1.200.000" are grouped thousands
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        value = float(re.sub(r"[.,]", "", raw))
    else:
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            return None
    scale = (match.group("scale") or "").lower()
    return value * _SCALE.get(scale, 1.0), _CURRENCY[match.group("cur")]


def budget(text: str, folded: str | None = None) -> tuple[float, str] | None:
    """(amount, ISO currency) of the largest budget the role holds, or None."""
    folded = fold(text) if folded is None else folded
    found = [money for pattern in _BUDGET for match in pattern.find_all(text, folded=folded)
             if (money := _money(match)) is not None]
    return max(found, default=None, key=lambda money: money[0])


def reports_to(text: str, folded: str | None = None) -> str | None:
    """The title the role reports to ("Chief Information Officer", "CTO"), or None.

    ``folded``: ``nlp.prefilter.fold(text)`` when the caller has it.
    """
    for match in _REPORTS_TO.find_all(text, folded=folded):
        title = _TITLE_TAIL.sub("", match.group("title")).strip()
        if title and title.split()[0] not in ("The", "Our", "A", "This", "We"):
            return title
    return None


def work_arrangement(text: str, remote_flag: bool | None = None, *,
                     folded: str | None = None) -> WorkArrangement | None:
    """hybrid, remote or on_site from the advert's wording (hybrid wins: it names both).

    ``folded``: ``nlp.prefilter.fold(text)`` when the caller has it. Each pattern looks
    for the words it cannot match without before it runs (``Prefiltered``).
    """
    folded = fold(text) if folded is None else folded
    if _HYBRID.search(text, folded=folded):
        return "hybrid"
    not_remote = bool(_NOT_REMOTE.search(text, folded=folded))
    if not not_remote and _REMOTE.search(text, folded=folded):
        return "remote"
    if not_remote or _ON_SITE.search(text, folded=folded):
        return "on_site"
    if remote_flag is not None:
        return "remote" if remote_flag else None
    return None


def annualised(salary: dict[str, Any]) -> float | None:
    """Yearly equivalent of a parsed salary: the midpoint of its range times its period."""
    amounts = [a for a in (salary.get("salary_min"), salary.get("salary_max")) if a]
    period = salary.get("salary_period")
    if not amounts or period not in ANNUAL_FACTOR:
        return None
    return round(sum(amounts) / len(amounts) * ANNUAL_FACTOR[period], 2)


def salary_from_text(text: str) -> dict[str, Any]:
    """``parse_salary_text`` plus ``salary_annual``; ``{}`` for "competitive" or no pay."""
    salary = parse_salary_text(text)
    if salary:
        salary["salary_annual"] = annualised(salary)
    return salary


class ScopeReader(BatchComponent):
    """Sets ``doc._.team_size``, ``direct_reports``, ``budget``, ``reports_to``,
    ``work_arrangement`` and ``salary`` (a dict, empty when the text states no pay)."""

    def __call__(self, doc: Doc) -> Doc:
        text, folded = doc_text(doc), doc_folded(doc)
        # team sizes, budgets and pay all hold a number: only lines with one are read for
        # them, which spares the long patterns most of an advert
        numeric, numeric_folded = _numeric_lines(text, folded)
        set_doc_values(doc, team_size=team_size(numeric, numeric_folded),
                       direct_reports=direct_reports(numeric, numeric_folded),
                       budget=budget(numeric, numeric_folded),
                       reports_to=reports_to(text, folded),
                       work_arrangement=work_arrangement(text, folded=folded),
                       salary=salary_from_text(numeric))
        return doc


def register_scope_extensions() -> None:
    for name in ("team_size", "direct_reports", "budget", "reports_to", "work_arrangement",
                 "salary"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.factory("leadtrends_scope")
def make_scope_reader(nlp: Language, name: str) -> ScopeReader:
    register_extensions()
    register_scope_extensions()
    return ScopeReader()
