"""USAJOBS Search API (``GET /api/Search``) -> Posting fields.

An answer is ``{"LanguageCode", "SearchParameters", "SearchResult": {"SearchResultCount",
"SearchResultCountAll", "SearchResultItems": [...], "UserArea": {"NumberOfPages"}}}``;
each item is ``{"MatchedObjectId", "MatchedObjectDescriptor": {...}}`` with
``PositionID``, ``PositionTitle``, ``PositionURI``, ``PositionLocationDisplay``,
``PositionLocation[]`` (``LocationName``, ``CountryCode``), ``OrganizationName``,
``DepartmentName``, ``JobCategory[]`` (``Name``, ``Code``), ``PositionSchedule[]``,
``PositionRemuneration[]`` (``MinimumRange``, ``MaximumRange``, ``RateIntervalCode``),
``PublicationStartDate``, ``ApplicationCloseDate``, ``QualificationSummary`` and
``UserArea.Details`` (``JobSummary``, ``MajorDuties[]``, ``Education``, ``Requirements``,
``TeleworkEligible``, ``RemoteIndicator``). Texts are plain, sometimes with HTML tags.
"""

from __future__ import annotations

import html
import math
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from scrapers.description_text import html_to_text
from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord, clean_text

DEFAULT_API_BASE = "https://data.usajobs.gov"
SEARCH_PATH = "/api/Search"
IT_MANAGEMENT_SERIES = "2210"
MAX_RESULTS_PER_PAGE = 500
# DatePosted takes whole days, at most 60; an older ``since`` means "no filter".
MAX_DATE_POSTED_DAYS = 60

# Codes of the current API and the labels of older answers.
_PERIODS = {"PA": "year", "PER YEAR": "year", "PH": "hour", "PER HOUR": "hour",
            "PD": "day", "PER DAY": "day", "PW": "week", "PER WEEK": "week",
            "PM": "month", "PER MONTH": "month"}
_US_NAMES = {"UNITED STATES", "US", "USA", "UNITED STATES OF AMERICA"}


def date_posted_days(since: datetime | None, now: datetime) -> int | None:
    """The ``DatePosted`` value covering everything posted after ``since`` (None: no filter)."""
    if since is None:
        return None
    if since.tzinfo is None:
        since = since.replace(tzinfo=now.tzinfo)
    days = max(0, math.ceil((now - since).total_seconds() / 86400))
    return days if days <= MAX_DATE_POSTED_DAYS else None


def search_url(api_base: str, page: int, *, series: str = IT_MANAGEMENT_SERIES,
               keyword: str | None = None, results_per_page: int = MAX_RESULTS_PER_PAGE,
               days: int | None = None) -> str:
    params: dict[str, str] = {"JobCategoryCode": series}
    if keyword:
        params["Keyword"] = keyword
    if days is not None:
        params["DatePosted"] = str(days)
    params["ResultsPerPage"] = str(results_per_page)
    params["Page"] = str(page)
    return f"{api_base.rstrip('/')}{SEARCH_PATH}?{urlencode(params)}"


def search_items(payload: Any) -> tuple[list[Any], int]:
    """The result items and the number of pages; :class:`MalformedRecord` for other JSON."""
    result = payload.get("SearchResult") if isinstance(payload, dict) else None
    items = result.get("SearchResultItems") if isinstance(result, dict) else None
    if not isinstance(items, list):
        raise MalformedRecord("USAJOBS answer has no SearchResult.SearchResultItems list")
    user_area = result.get("UserArea")
    pages_raw = user_area.get("NumberOfPages") if isinstance(user_area, dict) else None
    try:
        pages = int(pages_raw) if pages_raw is not None else 1
    except (TypeError, ValueError):
        pages = 1
    return items, max(pages, 1)


def _float(value: Any) -> float | None:
    text = clean_text(value)
    try:
        return float(text.replace(",", "")) if text else None
    except ValueError:
        return None


def _first(value: Any) -> dict[str, Any]:
    return value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else {}


def _salary(descriptor: dict[str, Any]) -> dict[str, Any]:
    pay = _first(descriptor.get("PositionRemuneration"))
    low, high = _float(pay.get("MinimumRange")), _float(pay.get("MaximumRange"))
    if low is None and high is None:
        return {}
    code = clean_text(pay.get("RateIntervalCode")) or ""
    label = clean_text(pay.get("Description")) or code
    raw = " - ".join(f"${amount:,.0f}" for amount in (low, high) if amount is not None)
    return {"salary_raw": f"{raw} {label}".strip(), "salary_min": low, "salary_max": high,
            "salary_currency": "USD", "salary_period": _PERIODS.get(code.upper())}


def _location(descriptor: dict[str, Any]) -> tuple[str | None, str | None]:
    places = [p for p in descriptor.get("PositionLocation") or [] if isinstance(p, dict)]
    display = clean_text(descriptor.get("PositionLocationDisplay"))
    names = [n for n in (clean_text(p.get("LocationName")) for p in places) if n]
    countries = {(clean_text(p.get("CountryCode")) or "").upper() for p in places}
    country = "US" if countries and countries <= _US_NAMES else None
    return display or ("; ".join(names) or None), country


def _section(heading: str, value: Any) -> str:
    """One ``<h3>`` section; lists become bullets and plain text is escaped."""
    if isinstance(value, list):
        items = [v for v in value if isinstance(v, str) and v.strip()]
        body = "<ul>" + "".join(f"<li>{_markup(v)}</li>" for v in items) + "</ul>" if items \
            else ""
    else:
        body = f"<p>{_markup(value)}</p>" if isinstance(value, str) and value.strip() else ""
    return f"<h3>{heading}</h3>{body}" if body else ""


def _markup(text: str) -> str:
    # Some agencies write tags into these texts; plain text is escaped so '<' stays text.
    return text if "<" in text and ">" in text else html.escape(text)


def description_html(descriptor: dict[str, Any]) -> str:
    details = (descriptor.get("UserArea") or {}).get("Details") or {}
    if not isinstance(details, dict):
        details = {}
    parts = [
        _section("Summary", details.get("JobSummary")),
        _section("Duties", details.get("MajorDuties")),
        _section("Qualifications", descriptor.get("QualificationSummary")),
        _section("Requirements", details.get("Requirements")),
        _section("Education", details.get("Education")),
    ]
    return "".join(parts)


def _remote(details: dict[str, Any]) -> bool | None:
    flag = details.get("RemoteIndicator")
    if isinstance(flag, bool):
        return flag
    if isinstance(flag, str) and flag.strip().lower() in ("true", "false"):
        return flag.strip().lower() == "true"
    return None


def map_usajobs_item(item: dict[str, Any]) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one search result item."""
    descriptor = item.get("MatchedObjectDescriptor") if isinstance(item, dict) else None
    if not isinstance(descriptor, dict):
        raise MalformedRecord("item has no MatchedObjectDescriptor object")
    object_id = clean_text(item.get("MatchedObjectId"))
    raw_title = descriptor.get("PositionTitle")
    title = clean_text(raw_title) if isinstance(raw_title, str) else None
    markup = description_html(descriptor)
    text = html_to_text(markup)
    if not object_id or not title or not text:
        raise MalformedRecord(f"item {object_id!r} lacks an id, PositionTitle or any text")
    details = (descriptor.get("UserArea") or {}).get("Details") or {}
    location, country = _location(descriptor)
    posted_raw = clean_text(descriptor.get("PublicationStartDate"))
    close_raw = clean_text(descriptor.get("ApplicationCloseDate"))
    category = _first(descriptor.get("JobCategory"))
    category_text = " ".join(t for t in (clean_text(category.get("Code")),
                                         clean_text(category.get("Name"))) if t) or None
    return {
        "source_id": object_id,
        "url": clean_text(descriptor.get("PositionURI"))
        or f"https://www.usajobs.gov/job/{object_id}",
        "title": title,
        "company": clean_text(descriptor.get("OrganizationName")),
        "department": clean_text(descriptor.get("DepartmentName")),
        "location_raw": location,
        "country": country,
        "remote": _remote(details if isinstance(details, dict) else {}),
        "employment_type": clean_text(_first(descriptor.get("PositionSchedule")).get("Name")),
        "date_posted_raw": posted_raw,
        "date_posted": parse_date(posted_raw),
        "valid_through_raw": close_raw,
        "valid_through": parse_date(close_raw),
        **_salary(descriptor),
        "occupational_category": category_text,
        "education_requirements_raw": clean_text(details.get("Education"))
        if isinstance(details, dict) else None,
        "description_html": markup,
        "description": text,
    }
