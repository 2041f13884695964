"""Salary figures written as free text -> Posting salary fields.

Job APIs that have no structured pay (Hacker News comments, some feeds) still write it in
conventional shapes: ``$150k-$180k``, ``£65,000 - £80,000 per annum``, ``€70.000 – €85.000``,
``120-150K USD``, ``$90/hr``. :func:`parse_salary_text` reads those and returns nothing for
text that only *contains* numbers (team sizes, funding rounds, years), because a wrong
salary is worse than a missing one. It never raises, whatever the text.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from leadtrends.textfold import Literals, fold

# Only the start of a long text is searched: salaries sit in headers and summaries, and a
# bound keeps the regular expressions cheap on hostile input.
MAX_TEXT = 4000
# Above this nothing is a salary (funding rounds, revenue); below MIN_UNQUALIFIED an amount
# with no period stated is not recognisably pay ("$5 off", "3 to 5 years").
MAX_AMOUNT = 5_000_000.0
MIN_UNQUALIFIED = 1000.0
# An amount this large with no period stated is read as yearly pay.
YEARLY_FROM = 10_000.0

_SYMBOLS = {
    "us$": "USD", "usd$": "USD", "ca$": "CAD", "c$": "CAD", "a$": "AUD", "au$": "AUD",
    "nz$": "NZD", "s$": "SGD", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR",
}
_CODES = ("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN",
          "INR", "JPY", "SGD", "CZK", "HUF", "ZAR", "BRL", "MXN")

_CUR = (r"(?:US\$|USD\$|CA\$|C\$|AU\$|A\$|NZ\$|S\$|\$|£|€|¥|₹|"
        + "|".join(_CODES) + r")")
# A number with thousands groups (1,234 / 1.234 / 1 234 / 1'234) or a plain one with
# an optional decimal part; the grouped form is tried first.
_NUM = r"\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d{1,9}(?:[.,]\d{1,2})?"
_MONEY = (r"(?P<c{i}>{cur})?\s?(?P<n{i}>{num})(?![\d])\s?(?P<k{i}>[kK](?![a-zA-Z]))?"
          r"\s?(?P<d{i}>{cur}(?![a-zA-Z]))?")
_SEP = r"\s*(?:-|–|—|~|to|and)\s*"
_RANGE = re.compile(
    r"(?<![\w.,])" + _MONEY.format(i=1, cur=_CUR, num=_NUM) + _SEP
    + _MONEY.format(i=2, cur=_CUR, num=_NUM) + r"(?P<plus>\+)?",
    re.IGNORECASE)
_SINGLE = re.compile(
    r"(?P<pre>\b(?:from|starting at|up to|upto|min\.?|max\.?)\s*)?(?<![\w.,])"
    + _MONEY.format(i=1, cur=_CUR, num=_NUM) + r"(?P<plus>\+)?",
    re.IGNORECASE)

_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hour", re.compile(r"(?:/|\bper\s+|\ban?\s+)\s*(?:hr|hour|h)\b|\bhourly\b|\bp/?h\b",
                        re.IGNORECASE)),
    ("day", re.compile(r"(?:/|\bper\s+|\ba\s+)\s*day\b|\bdaily\b|\bday\s+rate\b|\bp/?d\b",
                       re.IGNORECASE)),
    ("week", re.compile(r"(?:/|\bper\s+|\ba\s+)\s*(?:wk|week)\b|\bweekly\b", re.IGNORECASE)),
    ("month", re.compile(r"(?:/|\bper\s+|\ba\s+)\s*(?:mo|mth|month)\b|\bmonthly\b",
                         re.IGNORECASE)),
    ("year", re.compile(r"(?:/|\bper\s+|\ba\s+)\s*(?:yr|year|annum)\b|\bp\.?\s?a\b\.?"
                        r"|\bannual(?:ly)?\b|\byearly\b|\bOTE\b", re.IGNORECASE)),
)
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_NUMBER_SPACES = re.compile(r"[\s'\u00a0\u202f]")
_TRAILING_PLUS = re.compile(r"\s+\+$")

# Where a match of _RANGE or _SINGLE can start. Its first amount opens a run of digits (the
# look-behind rules out a digit before it, and a currency or a space is not one), and at
# most a currency ("USD$") and one space come before that run; a single amount may also
# open on one of _LEADING_WORDS. ``re`` would try every position of the text in between,
# which costs ~0.1 ms per 1,000 characters for these patterns.
_BEFORE_AMOUNT = 5
_DIGIT_RUN = re.compile(r"\d+")
_ASCII_DIGIT_RUN = re.compile(r"[0-9]+")
_LEADING_WORDS = Literals(("from", "starting at", "up to", "upto", "min", "max"))
_CODE_ANYWHERE = re.compile(r"\b(" + "|".join(_CODES) + r")\b")


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    token = token.strip()
    return _SYMBOLS.get(token.lower()) or (token.upper() if token.upper() in _CODES else None)


def _number(raw: str) -> float | None:
    """``70.000`` and ``70,000`` are seventy thousand; ``7.5`` and ``7,5`` are seven and a half."""
    text = _NUMBER_SPACES.sub("", raw)
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    decimal_at = max(last_dot, last_comma)
    if decimal_at >= 0 and len(text) - decimal_at - 1 != 3:
        whole, fraction = text[:decimal_at], text[decimal_at + 1:]
        text = whole.replace(".", "").replace(",", "") + "." + fraction
    else:
        text = text.replace(".", "").replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _period(text: str) -> str | None:
    for period, pattern in _PERIODS:
        if pattern.search(text):
            return period
    return None


def _amount(match: re.Match[str], i: int) -> float | None:
    value = _number(match.group(f"n{i}"))
    if value is not None and match.group(f"k{i}"):
        value *= 1000
    return value


def _result(raw: str, low: float | None, high: float | None, currency: str | None,
            period: str | None, k_suffix: bool) -> dict[str, Any]:
    amounts = [a for a in (low, high) if a is not None]
    if not amounts or any(a <= 0 or a > MAX_AMOUNT for a in amounts):
        return {}
    top = max(amounts)
    if period is None:
        if top < MIN_UNQUALIFIED:
            return {}
        if k_suffix or top >= YEARLY_FROM:
            period = "year"
    if currency is None and not k_suffix and period is None:
        return {}
    if low is not None and high is not None and low > high:
        low, high = high, low
    return {"salary_raw": raw, "salary_min": low, "salary_max": high,
            "salary_currency": currency, "salary_period": period}


def _from_range(text: str, match: re.Match[str]) -> dict[str, Any]:
    low, high = _amount(match, 1), _amount(match, 2)
    if low is None or high is None:
        return {}
    # "120-150K": the suffix written once applies to both ends.
    if match.group("k2") and not match.group("k1") and low < 1000 <= high:
        low *= 1000
    if match.group("k1") and not match.group("k2") and high < 1000 <= low:
        high *= 1000
    currency = next((c for c in (_currency(match.group(g)) for g in ("c1", "d1", "c2", "d2"))
                     if c), None)
    k_suffix = bool(match.group("k1") or match.group("k2"))
    if not (currency or k_suffix):
        return {}
    return _finish(text, match, low, high, currency, k_suffix)


def _from_single(text: str, match: re.Match[str]) -> dict[str, Any]:
    value = _amount(match, 1)
    currency = _currency(match.group("c1")) or _currency(match.group("d1"))
    k_suffix = bool(match.group("k1"))
    if value is None or not (currency or k_suffix):
        return {}
    pre = (match.group("pre") or "").strip().lower()
    if match.group("plus") or pre.startswith(("from", "starting", "min")):
        low, high = value, None
    elif pre.startswith(("up", "max")):
        low, high = None, value
    else:
        low, high = value, value
    return _finish(text, match, low, high, currency, k_suffix)


def _finish(text: str, match: re.Match[str], low: float | None, high: float | None,
            currency: str | None, k_suffix: bool) -> dict[str, Any]:
    # the period is written after the amount or elsewhere in its sentence ("Day rate: £550");
    # a whole advert's text would lend it "2 days a week" from an unrelated sentence
    line_start = text.rfind("\n", 0, match.start()) + 1
    before_start = max([line_start, *(end.end() for end in _SENTENCE_END.finditer(
        text, line_start, match.start()))])
    before = text[before_start:match.start()]
    end = _SENTENCE_END.search(text, match.end(), match.end() + MAX_TEXT)
    after = text[match.end():end.start() if end else match.end() + MAX_TEXT]
    tail = after[:40]
    # the first period written in the tail, else in the whole sentence
    period_in_tail = next(((name, found) for name, pattern in _PERIODS
                           if (found := pattern.search(tail))), None)
    period = period_in_tail[0] if period_in_tail else _period(
        before + text[match.start():match.end()] + after)
    if currency is None:
        code = _CODE_ANYWHERE.search(text)
        currency = code.group(1) if code else None
    # A "+" after a space belongs to the next words ("+ equity"), not to the amount.
    raw = _TRAILING_PLUS.sub("", " ".join(text[match.start():match.end()].split()))
    if period_in_tail is not None and period_in_tail[1].start() <= 3:
        raw = " ".join((text[match.start():match.end() + period_in_tail[1].end()]).split())
    return _result(raw, low, high, currency, period, k_suffix)


# What every salary holds: a currency symbol, a "k" after its digits, or a currency code
# next to them. Most adverts that state no pay hold none (an "aud" in "audit" is no pay).
_SYMBOL_CHARS = "$£€¥₹"
# every character re.IGNORECASE equates with "k" (the Kelvin sign is one)
_KS = ("k", "K", "\u212a")
_CODES_FOLDED = Literals(code.lower() for code in _CODES)
_CODE_BY_DIGIT = re.compile(rf"(?:{'|'.join(_CODES)})\s?\d|\d\s?k?\s?(?:{'|'.join(_CODES)})",
                            re.IGNORECASE)


def _may_hold_pay(text: str) -> bool:
    """False only when no match of the patterns could be read as pay (see _from_range)."""
    if any(symbol in text for symbol in _SYMBOL_CHARS) or _k_after_digit(text):
        return True
    folded = fold(text)
    # a code next to a number lies within 4 characters before to 2 after the code
    return any(_CODE_BY_DIGIT.search(text, max(0, at - 4), end + 2)
               for at, end in _CODES_FOLDED.spans(folded))


def _k_after_digit(text: str) -> bool:
    """``re.search(r"\\d\\s?k", text, re.IGNORECASE)``, found from the few "k"s of a text
    (the regular expression would try every position, ~20 us per 1,000 characters)."""
    for k in _KS:
        at = text.find(k, 1)
        while at > 0:
            before = text[at - 1]
            if before.isdecimal() or (before.isspace() and at > 1 and text[at - 2].isdecimal()):
                return True
            at = text.find(k, at + 1)
    return False


def _digit_starts(text: str, seen: list[int] | None = None) -> Iterator[int]:
    """Where a match without a leading word can start (all _RANGE needs), in order, found
    as it is asked for: the first salary usually sits early in the text. Each is also
    appended to ``seen``."""
    digits = _ASCII_DIGIT_RUN if text.isascii() else _DIGIT_RUN  # the same in ASCII text
    last = -1
    for run in digits.finditer(text):
        start = run.start()
        for at in range(max(last + 1, start - _BEFORE_AMOUNT), start + 1):
            # a match opens where its look-behind (?<![\w.,]) holds
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_.,"):
                if seen is not None:
                    seen.append(at)
                yield at
        last = start


def _word_starts(text: str) -> list[int]:
    """Where one of _LEADING_WORDS starts, in order."""
    folded = fold(text)
    return sorted(_LEADING_WORDS.starts(folded))


def _union(first: list[int], second: list[int]) -> Iterator[int]:
    """The offsets of two sorted lists, in order, each once."""
    previous = -1
    for at in heapq.merge(first, second):
        if at != previous:
            yield at
            previous = at


def _matches(pattern: re.Pattern[str], text: str, starts: Iterable[int]
             ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying only ``starts`` (which hold every match's start)."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            yield match
            end = match.end()


def parse_salary_text(text: str) -> dict[str, Any]:
    """``salary_raw/min/max/currency/period`` of the first salary in ``text``, or ``{}``.

    A range wins over a single amount; a single amount with ``+`` or "from" is a minimum,
    with "up to" a maximum. An amount needs a currency or a ``k`` to count as pay; with
    no period written, ``k`` amounts and amounts of 10,000 or more are yearly.
    """
    if not isinstance(text, str) or not text.strip():
        return {}
    text = text[:MAX_TEXT]
    if not _may_hold_pay(text):
        return {}
    return _first_salary(text)


def _first_salary(text: str) -> dict[str, Any]:
    try:
        seen: list[int] = []
        for match in _matches(_RANGE, text, _digit_starts(text, seen)):
            found = _from_range(text, match)
            if found:
                return found
        # the range pass read every digit start: a single amount may also open on a word
        for match in _matches(_SINGLE, text, _union(seen, _word_starts(text))):
            found = _from_single(text, match)
            if found:
                return found
    except (ValueError, ArithmeticError, IndexError):
        return {}
    return {}
