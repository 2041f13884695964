"""Greenhouse job-board API -> Posting fields. Pure functions over the parsed JSON.

The public API (``GET /v1/boards/{board_token}/jobs?content=true``) answers
``{"jobs": [...], "meta": {"total": n}}``; each job carries ``id``, ``title``,
``absolute_url``, ``location.name``, ``updated_at``, ``first_published``,
``company_name``, ``metadata`` (custom fields or null) and, with ``content=true``,
``content`` (the description as HTML-escaped HTML), ``departments`` and ``offices``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from scrapers.description_text import html_to_text, unescape_markup
from scrapers.jsonld import parse_date

DEFAULT_API_BASE = "https://boards-api.greenhouse.io"

# Custom metadata fields that boards commonly use for the contract type.
_EMPLOYMENT_TYPE_FIELDS = {"employment type", "employment_type", "job type", "contract type"}
_REMOTE = re.compile(r"\bremote\b", re.IGNORECASE)


def jobs_url(api_base: str, board_token: str) -> str:
    """The board's job list with descriptions included."""
    return f"{api_base.rstrip('/')}/v1/boards/{quote(board_token, safe='')}/jobs?content=true"


class NotABoardResponse(ValueError):
    """The JSON is not a job-board answer (no ``jobs`` list)."""


def board_jobs(payload: Any) -> list[dict[str, Any]]:
    """The job dicts of a board response; raises :class:`NotABoardResponse` for other JSON."""
    jobs = payload.get("jobs") if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise NotABoardResponse("Greenhouse board response has no 'jobs' list")
    return [job for job in jobs if isinstance(job, dict)]


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = " ".join(str(value).split())
    return text or None


def _employment_type(metadata: Any) -> str | None:
    if not isinstance(metadata, list):
        return None
    for entry in metadata:
        if not isinstance(entry, dict):
            continue
        if str(entry.get("name", "")).strip().lower() in _EMPLOYMENT_TYPE_FIELDS:
            value = entry.get("value")
            values = value if isinstance(value, list) else [value]
            texts = [t for t in (_str(v) for v in values) if t]
            return ", ".join(texts) or None
    return None


def map_greenhouse_job(job: dict[str, Any], board_token: str) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one Greenhouse job."""
    location = job.get("location")
    location_raw = _str(location.get("name")) if isinstance(location, dict) else None
    date_posted_raw = _str(job.get("first_published")) or _str(job.get("updated_at"))
    content = job.get("content")
    description_html = unescape_markup(content) if isinstance(content, str) else None
    job_id = _str(job.get("id"))
    return {
        "source_id": f"{board_token}:{job_id}" if job_id else None,
        "url": _str(job.get("absolute_url")),
        "title": _str(job.get("title")),
        "company": _str(job.get("company_name")) or board_token,
        "location_raw": location_raw,
        "country": None,
        "employment_type": _employment_type(job.get("metadata")),
        # Greenhouse has no structured remote flag; boards write it into the location name.
        "remote": bool(location_raw and _REMOTE.search(location_raw)),
        "date_posted_raw": date_posted_raw,
        "date_posted": parse_date(date_posted_raw),
        "description_html": description_html,
        "description": html_to_text(description_html) or None,
    }
