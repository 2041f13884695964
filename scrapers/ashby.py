"""Ashby job-posting API -> Posting fields. Pure functions over the parsed JSON.

The public API (``GET /posting-api/job-board/{board}?includeCompensation=true``) answers
``{"apiVersion": "1", "jobs": [...]}`` with the whole board in one answer. Each job carries
``id``, ``title``, ``location``, ``secondaryLocations`` (``[{"location", "address"}]``),
``department``, ``team``, ``isListed``, ``isRemote``, ``workplaceType`` (``OnSite``/
``Remote``/``Hybrid``), ``employmentType`` (``FullTime``/``PartTime``/``Intern``/
``Contract``/``Temporary``), ``publishedAt``, ``address.postalAddress``, ``jobUrl``,
``applyUrl``, ``descriptionHtml``/``descriptionPlain`` and, with compensation asked for,
``compensation`` (``compensationTierSummary``, ``scrapeableCompensationSalarySummary``,
``compensationTiers[].components[]`` and ``summaryComponents[]``, each component with
``compensationType``, ``interval`` such as ``"1 YEAR"``, ``currencyCode``, ``minValue``,
``maxValue``).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from scrapers.description_text import html_to_text
from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord, clean_text, required_text

DEFAULT_API_BASE = "https://api.ashbyhq.com"

_EMPLOYMENT_TYPES = {
    "FullTime": "Full-time",
    "PartTime": "Part-time",
    "Intern": "Internship",
    "Contract": "Contract",
    "Temporary": "Temporary",
}
_INTERVAL = re.compile(r"\b(hour|day|week|month|year)s?\b", re.IGNORECASE)


def board_url(api_base: str, board: str) -> str:
    """A board's published jobs, compensation included."""
    return (f"{api_base.rstrip('/')}/posting-api/job-board/{quote(board, safe='')}"
            "?includeCompensation=true")


def board_jobs(payload: Any) -> list[Any]:
    """The jobs of a board answer; raises :class:`MalformedRecord` for other JSON."""
    jobs = payload.get("jobs") if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise MalformedRecord("Ashby board answer has no 'jobs' list")
    return jobs


def is_listed(job: Any) -> bool:
    """False for a job the company keeps off its board (reachable only by direct link)."""
    return not (isinstance(job, dict) and job.get("isListed") is False)


def _job_id(job: dict[str, Any]) -> str:
    # The id is in every live answer but missing from Ashby's documented example; the job
    # URL ends with it, so that is the fallback.
    job_id = clean_text(job.get("id")) if isinstance(job.get("id"), str) else None
    if not job_id:
        url = job.get("jobUrl")
        path = urlsplit(url).path.rstrip("/") if isinstance(url, str) else ""
        job_id = path.rsplit("/", 1)[-1] or None
    if not job_id:
        raise MalformedRecord("Ashby job without an id or job URL")
    return job_id


def _location(job: dict[str, Any]) -> str | None:
    names = [clean_text(job.get("location"))]
    secondary = job.get("secondaryLocations")
    for entry in secondary if isinstance(secondary, list) else []:
        if isinstance(entry, dict):
            names.append(clean_text(entry.get("location")))
    return "; ".join(dict.fromkeys(n for n in names if n)) or None


def _country(job: dict[str, Any]) -> str | None:
    address = job.get("address")
    postal = address.get("postalAddress") if isinstance(address, dict) else None
    country = clean_text(postal.get("addressCountry")) if isinstance(postal, dict) else None
    # Ashby writes country names ("United Kingdom", "USA"); only a bare ISO code is kept.
    return country.upper() if country and len(country) == 2 and country.isalpha() else None


def _remote(job: dict[str, Any]) -> bool | None:
    workplace = clean_text(job.get("workplaceType"))
    if workplace:
        return workplace.lower() == "remote"
    remote = job.get("isRemote")
    return remote if isinstance(remote, bool) else None


def _salary_components(compensation: dict[str, Any]) -> list[dict[str, Any]]:
    components = compensation.get("summaryComponents")
    if not isinstance(components, list) or not components:
        components = []
        tiers = compensation.get("compensationTiers")
        for tier in tiers if isinstance(tiers, list) else []:
            if isinstance(tier, dict) and isinstance(tier.get("components"), list):
                components.extend(tier["components"])
    return [c for c in components if isinstance(c, dict)
            and str(c.get("compensationType", "")).lower() == "salary"]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def map_compensation(job: dict[str, Any]) -> dict[str, Any]:
    """Salary fields from the job's salary component(s); empty when none is published.

    Several tiers (zones) become one range from the lowest minimum to the highest maximum,
    kept only when they share one currency and one interval.
    """
    compensation = job.get("compensation")
    if not isinstance(compensation, dict) or job.get(
            "shouldDisplayCompensationOnJobPostings") is False:
        return {}
    salaries = _salary_components(compensation)
    currencies = {clean_text(c.get("currencyCode")) for c in salaries}
    intervals = {clean_text(c.get("interval")) for c in salaries}
    if not salaries or len(currencies) != 1 or len(intervals) != 1:
        return {}
    lows = [n for n in (_number(c.get("minValue")) for c in salaries) if n is not None]
    highs = [n for n in (_number(c.get("maxValue")) for c in salaries) if n is not None]
    if not lows and not highs:
        return {}
    currency, interval = currencies.pop(), intervals.pop()
    period = _INTERVAL.search(interval) if interval else None
    raw = (clean_text(compensation.get("scrapeableCompensationSalarySummary"))
           or clean_text(salaries[0].get("summary")))
    return {
        "salary_raw": raw,
        "salary_min": min(lows) if lows else None,
        "salary_max": max(highs) if highs else None,
        "salary_currency": currency.upper() if currency else None,
        "salary_period": period.group(1).lower() if period else None,
    }


def map_ashby_job(job: Any, board: str) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one Ashby job."""
    if not isinstance(job, dict):
        raise MalformedRecord(f"Ashby job is a {type(job).__name__}, not an object")
    job_id = _job_id(job)
    title = required_text(job.get("title"), "title", "Ashby job")
    html = job.get("descriptionHtml") if isinstance(job.get("descriptionHtml"), str) else None
    description = html_to_text(html) if html else ""
    if not description and isinstance(job.get("descriptionPlain"), str):
        description = html_to_text(job["descriptionPlain"])
    if not description:
        raise MalformedRecord(f"Ashby job {job_id} has no description")
    employment = clean_text(job.get("employmentType"))
    published = clean_text(job.get("publishedAt"))
    return {
        "source_id": f"{board}:{job_id}",
        "url": clean_text(job.get("jobUrl"))
        or f"https://jobs.ashbyhq.com/{quote(board, safe='')}/{quote(job_id, safe='')}",
        "title": title,
        # The board API names no company: the board name is the closest stable label.
        "company": board,
        "location_raw": _location(job),
        "country": _country(job),
        "remote": _remote(job),
        "employment_type": _EMPLOYMENT_TYPES.get(employment, employment) if employment
        else None,
        "department": clean_text(job.get("department")) or clean_text(job.get("team")),
        "date_posted_raw": published,
        "date_posted": parse_date(published),
        **map_compensation(job),
        "description_html": html,
        "description": description,
    }
