"""Workable public jobs widget API -> Posting fields. Pure functions over the parsed JSON.

The public widget API (``GET /api/v1/widget/accounts/{subdomain}?details=true`` on
``apply.workable.com``) answers ``{"name", "description", "jobs": [...]}`` with the whole
account in one answer. Each job carries ``title``, ``shortcode`` (its id), ``code``,
``employment_type``, ``telecommuting``, ``department``, ``url``, ``shortlink``,
``application_url``, ``published_on`` and ``created_at`` (dates), ``country``, ``city``,
``state``, ``education``, ``experience``, ``function``, ``industry``, ``locations``
(``[{"country", "countryCode", "city", "region", "hidden"}]``) and, with ``details=true``,
``description`` (HTML).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from scrapers.description_text import html_to_text
from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord, clean_text, required_text

DEFAULT_API_BASE = "https://apply.workable.com"


def account_url(api_base: str, subdomain: str) -> str:
    """An account's published jobs, descriptions included."""
    return (f"{api_base.rstrip('/')}/api/v1/widget/accounts/{quote(subdomain, safe='')}"
            "?details=true")


def account_jobs(payload: Any) -> tuple[str | None, list[Any]]:
    """(company name, jobs) of an account answer; :class:`MalformedRecord` for other JSON."""
    jobs = payload.get("jobs") if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise MalformedRecord("Workable account answer has no 'jobs' list")
    return clean_text(payload.get("name")), jobs


def _places(job: dict[str, Any]) -> list[dict[str, Any]]:
    locations = job.get("locations")
    places = [p for p in locations if isinstance(p, dict) and not p.get("hidden")] \
        if isinstance(locations, list) else []
    # Older answers have only the job's own city/state/country.
    return places or [{"city": job.get("city"), "region": job.get("state"),
                       "country": job.get("country")}]


def _location(job: dict[str, Any]) -> tuple[str | None, str | None]:
    texts: list[str] = []
    country_code = None
    for place in _places(job):
        parts = [clean_text(place.get("city")), clean_text(place.get("region")),
                 clean_text(place.get("country"))]
        text = ", ".join(p for p in parts if p)
        if text:
            texts.append(text)
        code = clean_text(place.get("countryCode"))
        if country_code is None and code and len(code) == 2 and code.isalpha():
            country_code = code.upper()
    return "; ".join(dict.fromkeys(texts)) or None, country_code


def map_workable_job(job: Any, account: str, company: str | None = None) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one Workable job."""
    if not isinstance(job, dict):
        raise MalformedRecord(f"Workable job is a {type(job).__name__}, not an object")
    shortcode = required_text(job.get("shortcode"), "shortcode", "Workable job")
    title = required_text(job.get("title"), "title", "Workable job")
    html = job.get("description") if isinstance(job.get("description"), str) else None
    description = html_to_text(html) if html else ""
    if not description:
        raise MalformedRecord(f"Workable job {shortcode} has no description")
    location_raw, country = _location(job)
    telecommuting = job.get("telecommuting")
    published = clean_text(job.get("published_on")) or clean_text(job.get("created_at"))
    return {
        "source_id": f"{account}:{shortcode}",
        "url": clean_text(job.get("url")) or clean_text(job.get("shortlink"))
        or f"https://apply.workable.com/{quote(account, safe='')}/j/{quote(shortcode, safe='')}/",
        "title": title,
        "company": company or account,
        "location_raw": location_raw,
        "country": country,
        "remote": telecommuting if isinstance(telecommuting, bool) else None,
        "employment_type": clean_text(job.get("employment_type")),
        "department": clean_text(job.get("department")),
        "occupational_category": clean_text(job.get("function")),
        "experience_requirements_raw": clean_text(job.get("experience")),
        "education_requirements_raw": clean_text(job.get("education")),
        "date_posted_raw": published,
        "date_posted": parse_date(published),
        "description_html": html,
        "description": description,
    }
