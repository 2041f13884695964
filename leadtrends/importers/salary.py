"""Salary amounts, periods and a readable salary line from dump columns."""

from __future__ import annotations

import re
from typing import Any

from leadtrends.model import SalaryPeriod

_PERIODS: dict[str, SalaryPeriod] = {
    "hour": "hour", "hours": "hour", "hourly": "hour", "per hour": "hour", "hr": "hour",
    "day": "day", "days": "day", "daily": "day", "per day": "day",
    "week": "week", "weekly": "week", "per week": "week",
    "month": "month", "monthly": "month", "per month": "month",
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "per year": "year",
    "per annum": "year", "annum": "year", "yr": "year",
}
_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR"}
_AMOUNT = re.compile(r"^[^\d.-]*(-?[\d,]*\.?\d+)\s*([kK])?\s*$")
_AMOUNT_IN_TEXT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kK])?\b")


def parse_amount(value: Any) -> float | None:
    """A number from 85000, "85,000", "$85,000.50" or "85k"; None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    match = _AMOUNT.match(str(value).strip())
    if not match:
        return None
    amount = float(match.group(1).replace(",", ""))
    return amount * 1000 if match.group(2) else amount


def parse_period(value: Any) -> SalaryPeriod | None:
    """The salary period from words like "Annual", "per hour" or "monthly"."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.lower().replace("/", " per ").split()).strip(". ")
    text = text.removeprefix("a ").removeprefix("an ")
    return _PERIODS.get(text)


def parse_salary_text(text: str) -> dict[str, Any]:
    """Best-effort min/max/currency/period from a line like "$80,000 - $95,000 per year".

    Only fields it is sure of are returned; the caller keeps the text as ``salary_raw``.
    """
    amounts = [float(n.replace(",", "")) * (1000 if k else 1)
               for n, k in _AMOUNT_IN_TEXT.findall(text)]
    found: dict[str, Any] = {}
    if 1 <= len(amounts) <= 2:
        found["salary_min"], found["salary_max"] = min(amounts), max(amounts)
    currency = next((code for symbol, code in _SYMBOLS.items() if symbol in text), None)
    currency = currency or next((c for c in ("USD", "GBP", "EUR") if c in text.upper()), None)
    if currency:
        found["salary_currency"] = currency
    lowered = text.lower()
    period = next((p for word, p in sorted(_PERIODS.items(), key=lambda kv: -len(kv[0]))
                   if re.search(rf"\b{re.escape(word)}\b", lowered)), None)
    if period:
        found["salary_period"] = period
    return found


def _money(amount: float) -> str:
    return f"${amount:,.0f}" if amount.is_integer() else f"${amount:,.2f}"


def format_usd_range(low: float | None, high: float | None, frequency: str | None) -> str | None:
    """ "$82,506 - $94,882 Annual": the range as a person would write it."""
    if low is None and high is None:
        return None
    if low is not None and high is not None and low != high:
        text = f"{_money(low)} - {_money(high)}"
    else:
        text = _money(low if low is not None else high)  # type: ignore[arg-type]
    return f"{text} {frequency}" if frequency else text
