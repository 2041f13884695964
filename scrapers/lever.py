"""Lever postings API -> Posting fields. Pure functions over the parsed JSON.

The public API (``GET /v0/postings/{site}?mode=json&skip=N&limit=M``, on ``api.lever.co`` or,
for EU-hosted accounts, ``api.eu.lever.co``) answers a bare JSON list of postings. Each
posting carries ``id``, ``text`` (the title), ``categories`` (``location``, ``allLocations``,
``commitment``, ``team``, ``department``), ``country`` (ISO 3166-1 alpha-2 or null),
``workplaceType`` (``unspecified``/``on-site``/``remote``/``hybrid``), ``createdAt`` (epoch
milliseconds), ``hostedUrl``, ``description`` (opening and body as HTML), ``lists``
(``[{"text": heading, "content": "<li>...</li>"}]``), ``additional`` (closing HTML) and,
optionally, ``salaryRange`` (``{"currency", "interval", "min", "max"}``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from scrapers.description_text import html_to_text
from scrapers.record_fields import MalformedRecord, clean_text, required_text

HOSTS = {"global": "https://api.lever.co", "eu": "https://api.eu.lever.co"}
DEFAULT_API_BASE = HOSTS["global"]

# Lever's salary intervals read like "per-year-salary" or "per-hour-wage".
_INTERVAL = re.compile(r"per-(hour|day|week|month|year)\b", re.IGNORECASE)
_REMOTE = re.compile(r"\bremote\b", re.IGNORECASE)


def api_base_for(host: str | None) -> str:
    """The API base of a Lever instance: ``global`` (default) or ``eu``."""
    key = (host or "global").strip().lower()
    if key not in HOSTS:
        raise ValueError(f"lever host must be one of {', '.join(sorted(HOSTS))}, got {host!r}")
    return HOSTS[key]


def postings_url(api_base: str, site: str, skip: int, limit: int) -> str:
    """One page of a site's published postings, as JSON."""
    query = urlencode({"mode": "json", "skip": skip, "limit": limit})
    return f"{api_base.rstrip('/')}/v0/postings/{quote(site, safe='')}?{query}"


def page_postings(payload: Any) -> list[Any]:
    """The postings of one answer; raises :class:`MalformedRecord` if it is not a list."""
    if not isinstance(payload, list):
        raise MalformedRecord("Lever postings answer is not a JSON list")
    return payload


def next_skip(skip: int, limit: int, received: int) -> int | None:
    """Where the next page starts, or None when this page was the last (a short page)."""
    return skip + limit if received >= limit > 0 else None


def _created_date(created_at: Any) -> tuple[str | None, Any]:
    if isinstance(created_at, bool) or not isinstance(created_at, (int, float)):
        return None, None
    try:
        day = datetime.fromtimestamp(created_at / 1000, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return str(created_at), None
    return str(int(created_at)), day


def description_html(posting: dict[str, Any]) -> str | None:
    """Opening and body, each extra list under its own heading, then the closing part.

    Lever keeps requirements and benefits in ``lists`` rather than in ``description``, so
    leaving them out would lose the very sections the extract stage reads.
    """
    parts: list[str] = []
    body = posting.get("description")
    if isinstance(body, str) and body.strip():
        parts.append(body)
    lists = posting.get("lists")
    for entry in lists if isinstance(lists, list) else []:
        if not isinstance(entry, dict):
            continue
        heading = clean_text(entry.get("text"))
        content = entry.get("content")
        if heading:
            parts.append(f"<h3>{heading}</h3>")
        if isinstance(content, str) and content.strip():
            parts.append(f"<ul>{content}</ul>")
    additional = posting.get("additional")
    if isinstance(additional, str) and additional.strip():
        parts.append(additional)
    return "\n".join(parts) or None


def _location(categories: dict[str, Any]) -> str | None:
    every = categories.get("allLocations")
    names = [t for t in (clean_text(v) for v in every) if t] if isinstance(every, list) else []
    if not names:
        names = [t for t in [clean_text(categories.get("location"))] if t]
    return "; ".join(dict.fromkeys(names)) or None


def _remote(workplace_type: Any, location_raw: str | None) -> bool | None:
    kind = clean_text(workplace_type)
    kind = kind.lower() if kind else None
    if kind == "remote":
        return True
    if kind in ("on-site", "onsite", "hybrid"):
        return False
    # "unspecified": boards often still say so in the location name.
    return True if location_raw and _REMOTE.search(location_raw) else None


def map_salary(salary_range: Any) -> dict[str, Any]:
    """Salary fields from ``salaryRange``; empty when the posting discloses none."""
    if not isinstance(salary_range, dict):
        return {}
    low, high = salary_range.get("min"), salary_range.get("max")
    low = float(low) if isinstance(low, (int, float)) and not isinstance(low, bool) else None
    high = float(high) if isinstance(high, (int, float)) and not isinstance(high, bool) else None
    if low is None and high is None:
        return {}
    interval = clean_text(salary_range.get("interval"))
    period = _INTERVAL.search(interval) if interval else None
    currency = clean_text(salary_range.get("currency"))
    return {
        "salary_raw": json.dumps(salary_range, ensure_ascii=False, separators=(",", ":")),
        "salary_min": low,
        "salary_max": high,
        "salary_currency": currency.upper() if currency else None,
        "salary_period": period.group(1).lower() if period else None,
    }


def _country(value: Any) -> str | None:
    text = clean_text(value)
    return text.upper() if text and len(text) == 2 and text.isalpha() else None


def map_lever_posting(posting: Any, site: str) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one Lever posting."""
    if not isinstance(posting, dict):
        raise MalformedRecord(f"Lever posting is a {type(posting).__name__}, not an object")
    posting_id = required_text(posting.get("id"), "id", "Lever posting")
    title = required_text(posting.get("text"), "title (text)", "Lever posting")
    html = description_html(posting)
    description = html_to_text(html) if html else ""
    if not description and isinstance(posting.get("descriptionPlain"), str):
        description = html_to_text(posting["descriptionPlain"])
    if not description:
        raise MalformedRecord(f"Lever posting {posting_id} has no description")
    categories = posting.get("categories")
    categories = categories if isinstance(categories, dict) else {}
    location_raw = _location(categories)
    created_raw, created = _created_date(posting.get("createdAt"))
    return {
        "source_id": f"{site}:{posting_id}",
        "url": clean_text(posting.get("hostedUrl"))
        or f"https://jobs.lever.co/{quote(site, safe='')}/{quote(posting_id, safe='')}",
        "title": title,
        # The postings API names no company: the site name is the closest stable label.
        "company": site,
        "location_raw": location_raw,
        "country": _country(posting.get("country")),
        "remote": _remote(posting.get("workplaceType"), location_raw),
        "employment_type": clean_text(categories.get("commitment")),
        "department": clean_text(categories.get("department")) or clean_text(categories.get("team")),
        "date_posted_raw": created_raw,
        "date_posted": created,
        **map_salary(posting.get("salaryRange")),
        "description_html": html,
        "description": description,
    }
