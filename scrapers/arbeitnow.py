"""Arbeitnow job board API (``GET /api/job-board-api?page=N``) -> Posting fields.

An answer is ``{"data": [...], "links": {"first", "last", "prev", "next"}, "meta":
{"current_page", "from", "path", "per_page", "to", "terms", "info"}}``; each job has
``slug`` (its id), ``company_name``, ``title``, ``description`` (HTML), ``remote``
(bool), ``url``, ``tags``, ``job_types``, ``location`` and ``created_at`` (Unix seconds).
``links.next`` is null on the last page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from scrapers.description_text import html_to_text, unescape_markup
from scrapers.record_fields import MalformedRecord, clean_text

DEFAULT_API_BASE = "https://www.arbeitnow.com"
BOARD_PATH = "/api/job-board-api"


def page_url(api_base: str, page: int) -> str:
    return f"{api_base.rstrip('/')}{BOARD_PATH}?{urlencode({'page': str(page)})}"


def board_page(payload: Any) -> tuple[list[Any], int | None]:
    """The jobs and the next page number (None on the last page).

    The next page is read from ``links.next`` but requested from the configured base, so a
    link to another host is never followed.
    """
    jobs = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise MalformedRecord("Arbeitnow answer has no 'data' list")
    links = payload.get("links")
    link = links.get("next") if isinstance(links, dict) else None
    next_page = None
    if isinstance(link, str) and link:
        numbers = parse_qs(urlsplit(link).query).get("page") or []
        next_page = int(numbers[0]) if numbers and numbers[0].isdigit() else None
    return jobs, next_page


def _labels(value: Any) -> str | None:
    labels = [t for t in (clean_text(v) for v in value) if t] if isinstance(value, list) else []
    return ", ".join(labels) or None


def created_date(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def map_arbeitnow_job(job: dict[str, Any]) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one board job."""
    if not isinstance(job, dict):
        raise MalformedRecord(f"job is a {type(job).__name__}, not an object")
    slug, title = clean_text(job.get("slug")), clean_text(job.get("title"))
    markup = job.get("description")
    markup = unescape_markup(markup) if isinstance(markup, str) else None
    text = html_to_text(markup)
    if not slug or not title or not text:
        raise MalformedRecord(f"job {slug!r} lacks a slug, a title or a description")
    created = created_date(job.get("created_at"))
    remote = job.get("remote")
    return {
        "source_id": slug,
        "url": clean_text(job.get("url")) or f"https://www.arbeitnow.com/jobs/{slug}",
        "title": title,
        "company": clean_text(job.get("company_name")),
        "location_raw": clean_text(job.get("location")),
        "country": None,
        "remote": remote if isinstance(remote, bool) else None,
        "employment_type": _labels(job.get("job_types")),
        "date_posted_raw": str(job["created_at"]) if created else None,
        "date_posted": created.date() if created else None,
        "department": _labels(job.get("tags")),
        "description_html": markup,
        "description": text,
    }
