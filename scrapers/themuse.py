"""The Muse public jobs API (``GET /api/public/jobs?page=N``) -> Posting fields.

An answer is ``{"page", "page_count", "items_per_page" (20), "took", "timed_out",
"total", "results": [...], "aggregations"}``; pages count from 0. Each result has ``id``,
``name`` (the title), ``type``, ``publication_date`` (ISO 8601), ``short_name``,
``model_type``, ``contents`` (HTML), ``locations[].name``, ``categories[].name``,
``levels[].name``, ``tags``, ``refs.landing_page`` and ``company`` (``id``, ``name``,
``short_name``). Filters: ``category`` and ``level`` (repeatable), ``location``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from scrapers.description_text import html_to_text, unescape_markup
from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord, clean_text

DEFAULT_API_BASE = "https://www.themuse.com"
JOBS_PATH = "/api/public/jobs"
REMOTE_LOCATION = "Flexible / Remote"

_US_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY"))
_COUNTRIES = {"united states": "US", "united kingdom": "GB", "canada": "CA", "germany": "DE",
              "france": "FR", "ireland": "IE", "netherlands": "NL", "spain": "ES",
              "australia": "AU", "india": "IN", "singapore": "SG", "mexico": "MX"}
_CITY_REGION = re.compile(r",\s*([A-Za-z .]+)$")


def jobs_url(api_base: str, page: int, categories: list[str], levels: list[str],
             locations: list[str] | None = None) -> str:
    params: list[tuple[str, str]] = [("page", str(page))]
    params += [("category", c) for c in categories]
    params += [("level", lv) for lv in levels]
    params += [("location", loc) for loc in locations or []]
    return f"{api_base.rstrip('/')}{JOBS_PATH}?{urlencode(params)}"


def results_page(payload: Any) -> tuple[list[Any], int]:
    """The results and the page count; :class:`MalformedRecord` for other JSON."""
    results = payload.get("results") if isinstance(payload, dict) else None
    if not isinstance(results, list):
        raise MalformedRecord("The Muse answer has no 'results' list")
    count = payload.get("page_count")
    return results, count if isinstance(count, int) and count > 0 else 1


def _names(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [n for n in (clean_text(v.get("name")) for v in value if isinstance(v, dict)) if n]


def country_of(location: str) -> str | None:
    """ISO country of ``City, ST`` (US states) or ``City, Country`` location names."""
    match = _CITY_REGION.search(location)
    if not match:
        return None
    region = match.group(1).strip()
    if region.upper() in _US_STATES and len(region) == 2:
        return "US"
    return _COUNTRIES.get(region.lower())


def map_muse_job(job: dict[str, Any]) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one result."""
    if not isinstance(job, dict):
        raise MalformedRecord(f"result is a {type(job).__name__}, not an object")
    job_id = job.get("id")
    job_id = str(job_id) if isinstance(job_id, (int, str)) and not isinstance(job_id, bool) \
        else None
    title = clean_text(job.get("name"))
    markup = job.get("contents")
    markup = unescape_markup(markup) if isinstance(markup, str) else None
    text = html_to_text(markup)
    if not job_id or not title or not text:
        raise MalformedRecord(f"result {job_id!r} lacks an id, a name or contents")
    places = _names(job.get("locations"))
    offices = [p for p in places if p != REMOTE_LOCATION]
    countries = {country_of(p) for p in offices} - {None}
    refs, company = job.get("refs"), job.get("company")
    levels, categories = _names(job.get("levels")), _names(job.get("categories"))
    posted_raw = clean_text(job.get("publication_date"))
    return {
        "source_id": job_id,
        "url": (clean_text(refs.get("landing_page")) if isinstance(refs, dict) else None)
        or f"https://www.themuse.com/jobs/{job_id}",
        "title": title,
        "company": clean_text(company.get("name")) if isinstance(company, dict) else None,
        "location_raw": "; ".join(places) or None,
        "country": countries.pop() if len(countries) == 1 else None,
        "remote": REMOTE_LOCATION in places,
        "employment_type": None,
        "date_posted_raw": posted_raw,
        "date_posted": parse_date(posted_raw),
        "department": ", ".join(categories) or None,
        "experience_requirements_raw": ", ".join(levels) or None,
        "description_html": markup,
        "description": text,
    }
