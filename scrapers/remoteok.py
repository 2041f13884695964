"""RemoteOK job feed (``GET /api``) -> Posting fields.

The answer is one JSON array: the first element is the legal notice (``last_updated``,
``legal``; never a job), then the jobs, each with ``id``, ``slug``, ``epoch``, ``date``
(ISO 8601), ``company``, ``position`` (the title), ``tags``, ``description`` (HTML),
``location`` (free text, often a region), ``salary_min``/``salary_max`` (yearly US
dollars, 0 when not given), ``apply_url`` and ``url`` (the advert on remoteok.com).
RemoteOK's terms ask users to link back to the advert and name Remote OK as the source,
so ``url`` is always the remoteok.com advert, never the employer's apply link.
"""

from __future__ import annotations

from typing import Any

from scrapers.description_text import html_to_text, unescape_markup
from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord, clean_text

DEFAULT_API_BASE = "https://remoteok.com"
FEED_PATH = "/api"
ADVERT_URL = "https://remoteok.com/remote-jobs/{id}"


def feed_url(api_base: str) -> str:
    return f"{api_base.rstrip('/')}{FEED_PATH}"


def feed_jobs(payload: Any) -> tuple[list[Any], str | None]:
    """The job records and the legal notice; :class:`MalformedRecord` if not an array."""
    if not isinstance(payload, list):
        raise MalformedRecord("RemoteOK answer is not a JSON array")
    notice = None
    jobs: list[Any] = []
    for element in payload:
        if isinstance(element, dict) and "legal" in element and "position" not in element:
            notice = element.get("legal") if isinstance(element.get("legal"), str) else None
            continue
        jobs.append(element)
    return jobs, notice


def _amount(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        amount = float(value)
    except ValueError:
        return None
    return amount if amount > 0 else None


def _salary(job: dict[str, Any]) -> dict[str, Any]:
    low, high = _amount(job.get("salary_min")), _amount(job.get("salary_max"))
    if low is None and high is None:
        return {}
    raw = " - ".join(f"${a:,.0f}" for a in (low, high) if a is not None)
    return {"salary_raw": f"{raw} per year", "salary_min": low, "salary_max": high,
            "salary_currency": "USD", "salary_period": "year"}


def map_remoteok_job(job: dict[str, Any]) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one feed job."""
    if not isinstance(job, dict):
        raise MalformedRecord(f"job is a {type(job).__name__}, not an object")
    job_id = job.get("id")
    job_id = str(job_id) if isinstance(job_id, (str, int)) and not isinstance(job_id, bool) \
        else None
    title = clean_text(job.get("position"))
    markup = job.get("description")
    markup = unescape_markup(markup) if isinstance(markup, str) else None
    text = html_to_text(markup)
    if not job_id or not title or not text:
        raise MalformedRecord(f"job {job_id!r} lacks an id, a position or a description")
    tags = [t for t in job.get("tags") or [] if isinstance(t, str)]
    date_raw = clean_text(job.get("date"))
    return {
        "source_id": job_id,
        "url": clean_text(job.get("url")) or ADVERT_URL.format(id=job_id),
        "title": title,
        "company": clean_text(job.get("company")),
        "location_raw": clean_text(job.get("location")),
        "country": None,
        # Every advert on RemoteOK is for remote work; location says where from.
        "remote": True,
        "employment_type": None,
        "date_posted_raw": date_raw,
        "date_posted": parse_date(date_raw),
        **_salary(job),
        "department": ", ".join(tags) or None,
        "description_html": markup,
        "description": text,
    }
