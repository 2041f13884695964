"""Presets ``csv`` and ``jsonl``: any dump, with a mapping from Posting fields to columns.

A column named like a Posting field (or a common synonym: "id", "job_title", "location",
"posted_at", "salary" ...) maps to it without being told; ``mapping`` entries
(``{"title": "Job Title"}``) override that. In JSON Lines a dotted name ("company.name")
reaches into nested objects. When a key repeats, the later row wins.

Values are parsed as they come: dates from ISO and common formats (into ``date_posted`` etc.,
the text kept in ``*_raw``), salaries from numeric columns or from a salary line, booleans from
true/false/yes/no/1/0. A value that will not parse stays in its ``*_raw`` field and is counted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from leadtrends.importers.columns import find_column, require_mapped_column
from leadtrends.importers.dates import parse_date_text
from leadtrends.importers.preset import Converted, Preset, RowConverter
from leadtrends.importers.result import ImportFailed
from leadtrends.importers.salary import parse_amount, parse_period, parse_salary_text
from leadtrends.importers.tables import Row, Table, read_csv, read_jsonl
from leadtrends.model import Posting

# Fields the extract stage fills, and the source, which the import itself sets.
_NOT_IMPORTED = {"source", "role_family", "seniority", "min_years_experience", "skills",
                 "pipeline_version"}
IMPORTABLE_FIELDS: tuple[str, ...] = tuple(
    name for name in Posting.model_fields if name not in _NOT_IMPORTED)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "source_id": ("id", "job_id", "posting_id", "external_id", "reference", "ref"),
    "url": ("link", "job_url", "posting_url", "apply_url", "href"),
    "title": ("job_title", "position", "position_title", "role"),
    "company": ("company_name", "employer", "organization", "organisation",
                "hiring_organization"),
    "location_raw": ("location", "job_location", "locations"),
    "employment_type": ("job_type", "contract_type", "employment"),
    "date_posted": ("posted", "posted_at", "posting_date", "date_published", "published_at",
                    "published", "created_at", "date"),
    "valid_through": ("expires", "expires_at", "closing_date", "deadline", "valid_until",
                      "post_until"),
    "salary_raw": ("salary", "compensation", "pay", "salary_text"),
    "salary_min": ("min_salary", "salary_from", "salary_low"),
    "salary_max": ("max_salary", "salary_to", "salary_high"),
    "salary_currency": ("currency",),
    "salary_period": ("salary_frequency", "pay_period", "salary_unit"),
    "description": ("job_description", "description_text", "body", "text"),
    "department": ("category", "job_category", "team"),
}
_DATE_FIELDS = {"date_posted": "date_posted_raw", "valid_through": "valid_through_raw"}
_BOOL_FIELDS = ("remote", "likely_target")
_TRUE, _FALSE = {"true", "yes", "y", "1", "t"}, {"false", "no", "n", "0", "f"}
_MARKUP = re.compile(r"<\s*/?\s*(?:p|br|li|ul|ol|div|h[1-6]|strong|b|em|span)\b[^>]*>", re.IGNORECASE)
_CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR"}


def default_source(path: Path) -> str:
    """A source name from the file name: "Tech Jobs 2024.csv" -> "tech-jobs-2024"."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "import"


def resolve_mapping(table: Table, mapping: dict[str, str]) -> dict[str, str]:
    """Posting field -> column, from ``mapping`` plus columns that match by name."""
    for key in mapping:
        if key not in IMPORTABLE_FIELDS:
            raise ImportFailed(f"mapping key {key!r} is not a Posting field an import can fill "
                               f"(one of: {', '.join(IMPORTABLE_FIELDS)})")
    resolved = {key: require_mapped_column(table, key, column) for key, column in mapping.items()}
    taken = set(resolved.values())
    for name in IMPORTABLE_FIELDS:
        if name in resolved:
            continue
        column = find_column([c for c in table.columns if c not in taken],
                             (name, *SYNONYMS.get(name, ())))
        if column is not None:
            resolved[name] = column
            taken.add(column)
    return resolved


def _lookup(values: dict[str, Any], column: str) -> Any:
    if column in values:
        return values[column]
    value: Any = values
    for part in column.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def as_text(value: Any) -> str | None:
    """A cell as one string: numbers without a spurious ".0", lists joined, objects by name."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("value"))
    if isinstance(value, list):
        return "; ".join(t for t in (as_text(v) for v in value) if t) or None
    text = str(value).strip()
    return text or None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = (as_text(value) or "").lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    return parse_date_text(text) if text else None


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    text = as_text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _hash_id(*parts: str | None) -> str:
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:16]


def _currency(value: Any) -> str | None:
    text = as_text(value)
    if text is None:
        return None
    return _CURRENCY_SYMBOLS.get(text, text.upper())


class _RowReader:
    """Turns one row into Posting fields under a resolved mapping."""

    def __init__(self, columns: dict[str, str], source: str, unparsed: Counter[str]) -> None:
        self.columns = columns
        self.source = source
        self.unparsed = unparsed

    def __call__(self, row: Row) -> Converted:
        get = {name: _lookup(row.values, column) for name, column in self.columns.items()}
        fields: dict[str, Any] = {name: as_text(get.get(name)) for name in (
            "title", "company", "location_raw", "country", "employment_type", "department",
            "occupational_category", "experience_requirements_raw",
            "education_requirements_raw", "salary_raw", "date_posted_raw", "valid_through_raw")}
        self._description(get, fields)
        self._dates(get, fields)
        self._salary(get, fields)
        for name in _BOOL_FIELDS:
            if as_text(get.get(name)) is not None:
                fields[name] = _as_bool(get[name])
                if fields[name] is None:
                    self.unparsed[name] += 1
        if as_text(get.get("scraped_at")) is not None:
            stamp = _as_datetime(get["scraped_at"])
            if stamp is None:
                self.unparsed["scraped_at"] += 1
            else:
                fields["scraped_at"] = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        url = as_text(get.get("url"))
        # Without an id of its own, a posting is known by its URL, else by what it says.
        source_id = as_text(get.get("source_id")) or (_hash_id(url) if url else _hash_id(
            fields["title"], fields["company"], fields["location_raw"],
            fields["date_posted_raw"], fields.get("description")))
        fields["source_id"] = source_id
        fields["url"] = url or f"urn:leadtrends:{self.source}:{source_id}"
        return Converted(fields, (row.number,))

    def _description(self, get: dict[str, Any], fields: dict[str, Any]) -> None:
        from scrapers.description_text import html_to_text

        html, text = as_text(get.get("description_html")), as_text(get.get("description"))
        if text and not html and _MARKUP.search(text):
            html = text
            text = None
        fields["description_html"] = html
        fields["description"] = text or (html_to_text(html) if html else None)

    def _dates(self, get: dict[str, Any], fields: dict[str, Any]) -> None:
        for name, raw_name in _DATE_FIELDS.items():
            value = get.get(name)
            if value is None:
                if fields[raw_name]:
                    fields[name] = parse_date_text(fields[raw_name])
                continue
            fields[raw_name] = fields[raw_name] or as_text(value)
            fields[name] = _as_date(value)
            if fields[name] is None and fields[raw_name]:
                self.unparsed[name] += 1

    def _salary(self, get: dict[str, Any], fields: dict[str, Any]) -> None:
        parsed: dict[str, Any] = parse_salary_text(fields["salary_raw"]) \
            if fields["salary_raw"] else {}
        for name in ("salary_min", "salary_max"):
            value = get.get(name)
            if value is None or as_text(value) is None:
                continue
            amount = parse_amount(value)
            if amount is None:
                self.unparsed[name] += 1
                fields["salary_raw"] = fields["salary_raw"] or as_text(value)
            else:
                parsed[name] = amount
        if as_text(get.get("salary_currency")):
            parsed["salary_currency"] = _currency(get["salary_currency"])
        if as_text(get.get("salary_period")):
            period = parse_period(as_text(get["salary_period"]))
            if period is None:
                self.unparsed["salary_period"] += 1
                parsed.pop("salary_period", None)
            else:
                parsed["salary_period"] = period
        low, high = parsed.get("salary_min"), parsed.get("salary_max")
        if low is not None and high is not None and low > high:
            self.unparsed["salary"] += 1
            parsed.pop("salary_min")
            parsed.pop("salary_max")
            fields["salary_raw"] = fields["salary_raw"] or " - ".join(
                t for t in (as_text(get.get("salary_min")), as_text(get.get("salary_max"))) if t)
        fields.update(parsed)


def prepare(table: Table, mapping: dict[str, str], source: str,
            unparsed: Counter[str]) -> RowConverter:
    return _RowReader(resolve_mapping(table, mapping), source, unparsed)


# The preset is the user's explicit choice, so the file name's extension is not checked.
CSV_PRESET = Preset("csv", default_source, read_csv, prepare)
JSONL_PRESET = Preset("jsonl", default_source, read_jsonl, prepare)
