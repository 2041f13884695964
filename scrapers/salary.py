"""Salary fields from schema.org ``baseSalary`` values.

Careers sites state pay as a MonetaryAmount (with a QuantitativeValue range or a single
value, or min/max directly on the amount), as a bare number, or as text such as
"£80,000 - £95,000 per annum" (read by :mod:`scrapers.salary_text`). Every shape is
folded into the same five Posting fields; anything unusable maps to None rather than
raising, because one odd salary must not cost the whole advert.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from scrapers.salary_text import parse_salary_text

SALARY_PERIODS: dict[str, str] = {
    "HOUR": "hour",
    "DAY": "day",
    "WEEK": "week",
    "MONTH": "month",
    "YEAR": "year",
}


def number(value: Any) -> float | None:
    """A finite, non-negative amount from a JSON number or numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        cleaned = re.sub(r"[,\s]", "", value)
        if len(cleaned) > 40:
            return None
        try:
            value = float(cleaned)
        except ValueError:
            return None
    if not isinstance(value, (int, float)):
        return None
    try:
        amount = float(value)
    except OverflowError:  # an int with hundreds of digits
        return None
    return amount if math.isfinite(amount) and amount >= 0 else None


def period_of(unit: Any) -> str | None:
    """The Posting salary_period for a schema.org unitText ("YEAR", "MONTH"...)."""
    if not isinstance(unit, str):
        return None
    return SALARY_PERIODS.get(unit.strip().upper())


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _currency(value: Any) -> str | None:
    value = _first(value)
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    # ISO 4217 codes are three letters; anything else is not a currency we can use.
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


def _text_salary(text: str, currency: str | None) -> dict[str, Any]:
    # The text parser needs a currency to accept an amount as pay; the MonetaryAmount's
    # own currency supplies it when the text has none ("80,000 - 95,000").
    parsed = parse_salary_text(text)
    if not parsed and currency:
        parsed = parse_salary_text(f"{currency} {text}")
    return parsed


def map_salary(base_salary: Any) -> dict[str, Any]:
    """Salary fields from a ``baseSalary`` value; empty when none is disclosed.

    ``salary_raw`` is what the site gave (a MonetaryAmount as compact JSON), so the
    normalised fields can always be audited against it.
    """
    base_salary = _first(base_salary)
    if isinstance(base_salary, str):
        if not base_salary.strip():
            return {}
        parsed = _text_salary(base_salary, None)
        return {**_EMPTY, **parsed, "salary_raw": _raw(base_salary)}
    if isinstance(base_salary, (int, float)) and not isinstance(base_salary, bool):
        amount = number(base_salary)
        return {} if amount is None else {
            **_EMPTY, "salary_raw": _raw(base_salary), "salary_min": amount,
            "salary_max": amount}
    if not isinstance(base_salary, dict):
        return {}

    currency = _currency(base_salary.get("currency"))
    value = _first(base_salary.get("value"))
    unit = base_salary.get("unitText")
    low, high = number(base_salary.get("minValue")), number(base_salary.get("maxValue"))
    from_text: dict[str, Any] = {}
    if isinstance(value, dict):
        unit = value.get("unitText") or unit
        low = number(value.get("minValue")) if low is None else low
        high = number(value.get("maxValue")) if high is None else high
        if low is None and high is None:
            low = high = number(value.get("value"))
    elif isinstance(value, str) and number(value) is None:
        from_text = _text_salary(value, currency)
        low, high = from_text.get("salary_min"), from_text.get("salary_max")
    elif low is None and high is None:
        low = high = number(value)
    if low is not None and high is not None and low > high:
        low, high = high, low

    return {
        "salary_raw": _raw(base_salary),
        "salary_min": low,
        "salary_max": high,
        "salary_currency": currency or from_text.get("salary_currency"),
        "salary_period": period_of(_first(unit)) or from_text.get("salary_period"),
    }


_EMPTY: dict[str, Any] = {"salary_raw": None, "salary_min": None, "salary_max": None,
                          "salary_currency": None, "salary_period": None}


def _raw(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
