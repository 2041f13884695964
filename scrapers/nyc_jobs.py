"""NYC Open Data "Jobs NYC Postings" (Socrata dataset ``kpav-sd4t``) -> Posting fields.

The SODA endpoint ``GET /resource/kpav-sd4t.json`` answers a JSON array of rows; every
value is a string (numbers and dates included) and empty columns are left out of the row.
Columns used: ``job_id``, ``agency``, ``posting_type`` (Internal/External: the same
advert is listed once for each), ``business_title``, ``civil_service_title``,
``title_code_no``, ``job_category``, ``full_time_part_time_indicator`` (F/P),
``career_level``, ``salary_range_from``, ``salary_range_to``, ``salary_frequency``
(Annual/Hourly/Daily), ``work_location``, ``division_work_unit``, ``job_description``,
``minimum_qual_requirements``, ``preferred_skills``, ``additional_information``,
``posting_date``, ``post_until`` (``13-OCT-2026``), ``posting_updated``. Descriptions
are plain text, not HTML.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord, clean_text

DEFAULT_API_BASE = "https://data.cityofnewyork.us"
DATASET_PATH = "/resource/kpav-sd4t.json"
DEFAULT_PAGE_SIZE = 1000
# posting_updated is a floating (zone-less) timestamp in the City's own time.
CITY_TIME = ZoneInfo("America/New_York")

_PERIODS = {"annual": "year", "hourly": "hour", "daily": "day", "weekly": "week",
            "monthly": "month"}
_EMPLOYMENT = {"F": "Full-time", "P": "Part-time"}
# Text columns that become description sections, in the order the City's site shows them.
_SECTIONS = (
    ("job_description", "Job Description"),
    ("minimum_qual_requirements", "Minimum Qualifications"),
    ("preferred_skills", "Preferred Skills"),
    ("additional_information", "Additional Information"),
)


def page_url(api_base: str, offset: int, limit: int, since: datetime | None = None) -> str:
    """One page of rows in a stable order, only rows updated after ``since`` when given."""
    params = {"$limit": str(limit), "$offset": str(offset), "$order": ":id"}
    if since is not None:
        params["$where"] = f"posting_updated > '{soql_timestamp(since)}'"
    return f"{api_base.rstrip('/')}{DATASET_PATH}?{urlencode(params)}"


def soql_timestamp(moment: datetime) -> str:
    """A SoQL floating-timestamp literal of ``moment`` in New York time."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(CITY_TIME).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def page_rows(payload: Any) -> list[dict[str, Any]]:
    """The rows of one page; raises :class:`MalformedRecord` when the answer is not an array."""
    if not isinstance(payload, list):
        raise MalformedRecord("SODA answer is not a JSON array of rows")
    return [row for row in payload if isinstance(row, dict)]


def _money(value: Any) -> float | None:
    text = clean_text(value)
    try:
        return float(text.replace(",", "").lstrip("$")) if text else None
    except ValueError:
        return None


def parse_post_until(raw: str | None) -> date | None:
    """``13-OCT-2026`` (the dataset's form) or an ISO date."""
    if not raw:
        return None
    try:
        return datetime.strptime(raw.strip().title(), "%d-%b-%Y").date()
    except ValueError:
        return parse_date(raw)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def description(row: dict[str, Any]) -> str:
    """The text columns as sections: a heading line, then the column's own lines."""
    lines: list[str] = []
    for column, heading in _SECTIONS:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            lines.append(heading)
            lines.extend(_lines(value))
    return "\n".join(lines)


def _salary(row: dict[str, Any]) -> dict[str, Any]:
    low, high = _money(row.get("salary_range_from")), _money(row.get("salary_range_to"))
    if low is None and high is None:
        return {}
    frequency = clean_text(row.get("salary_frequency"))
    period = _PERIODS.get(frequency.lower()) if frequency else None
    shown = " - ".join(f"${amount:,.2f}" for amount in (low, high) if amount is not None)
    return {"salary_raw": f"{shown} {frequency or ''}".strip(), "salary_min": low,
            "salary_max": high, "salary_currency": "USD", "salary_period": period}


def record_url(api_base: str, job_id: str) -> str:
    """The row itself on the open-data API: the dataset publishes no advert URL."""
    return f"{api_base.rstrip('/')}{DATASET_PATH}?{urlencode({'job_id': job_id})}"


def map_nyc_job(row: dict[str, Any], api_base: str = DEFAULT_API_BASE) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one dataset row."""
    if not isinstance(row, dict):
        raise MalformedRecord(f"row is a {type(row).__name__}, not an object")
    job_id, title = clean_text(row.get("job_id")), clean_text(row.get("business_title"))
    text = description(row)
    if not job_id or not title or not text:
        raise MalformedRecord(f"row {job_id!r} lacks job_id, business_title or a description")
    posted_raw = clean_text(row.get("posting_date"))
    until_raw = clean_text(row.get("post_until"))
    category = clean_text(row.get("civil_service_title"))
    code = clean_text(row.get("title_code_no"))
    return {
        "source_id": job_id,
        "url": record_url(api_base, job_id),
        "title": title,
        "company": clean_text(row.get("agency")),
        "location_raw": clean_text(row.get("work_location")),
        "country": "US",
        "remote": None,
        "employment_type": _EMPLOYMENT.get(clean_text(row.get("full_time_part_time_indicator"))
                                           or ""),
        "date_posted_raw": posted_raw,
        "date_posted": parse_date(posted_raw),
        "valid_through_raw": until_raw,
        "valid_through": parse_post_until(until_raw),
        **_salary(row),
        "department": clean_text(row.get("division_work_unit")),
        "occupational_category": f"{code} {category}" if code and category else category,
        "description_html": None,
        "description": text,
    }
