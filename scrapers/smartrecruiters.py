"""SmartRecruiters Posting API -> Posting fields. Pure functions over the parsed JSON.

The public API lists a company's active postings page by page
(``GET /v1/companies/{companyIdentifier}/postings?offset=N&limit=M``, at most 100 a page),
answering ``{"offset", "limit", "totalFound", "content": [...]}``. A listed posting carries
``id``, ``name`` (the title), ``company`` (``identifier``, ``name``), ``releasedDate``,
``location`` (``city``, ``region``, ``country`` as a lower-case ISO code, ``remote``, and
often ``fullLocation``), ``department``/``function``/``typeOfEmployment``/
``experienceLevel`` (``{"id", "label"}``) and ``ref``, the URL of its detail. The detail
(``GET .../postings/{postingId}``) repeats those fields and adds ``postingUrl``,
``applyUrl`` and ``jobAd.sections`` (``companyDescription``, ``jobDescription``,
``qualifications``, ``additionalInformation``, each ``{"title", "text"}`` with HTML text).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from scrapers.description_text import html_to_text
from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord, clean_text, required_text

DEFAULT_API_BASE = "https://api.smartrecruiters.com"
MAX_PAGE_SIZE = 100

# The order a SmartRecruiters job ad is shown in; other sections follow in answer order.
SECTION_ORDER = ("companyDescription", "jobDescription", "qualifications",
                 "additionalInformation")


def postings_url(api_base: str, company: str, offset: int, limit: int) -> str:
    """One page of a company's active postings."""
    query = urlencode({"offset": offset, "limit": limit})
    return f"{api_base.rstrip('/')}/v1/companies/{quote(company, safe='')}/postings?{query}"


def detail_url(api_base: str, company: str, listed: dict[str, Any]) -> str | None:
    """The detail URL of a listed posting: its ``ref``, else one built from its id."""
    ref = listed.get("ref")
    if isinstance(ref, str) and urlsplit(ref).scheme in ("http", "https"):
        return ref
    posting_id = listed.get("id")
    if not isinstance(posting_id, str) or not posting_id.strip():
        return None
    return (f"{api_base.rstrip('/')}/v1/companies/{quote(company, safe='')}/postings/"
            f"{quote(posting_id.strip(), safe='')}")


def listing_page(payload: Any) -> tuple[list[Any], int]:
    """(postings, totalFound) of one listing answer; :class:`MalformedRecord` for other JSON."""
    if not isinstance(payload, dict) or not isinstance(payload.get("content"), list):
        raise MalformedRecord("SmartRecruiters listing has no 'content' list")
    total = payload.get("totalFound")
    if isinstance(total, bool) or not isinstance(total, int):
        raise MalformedRecord("SmartRecruiters listing has no numeric 'totalFound'")
    return payload["content"], total


def next_offset(offset: int, received: int, total_found: int) -> int | None:
    """Where the next page starts, or None when every posting has been listed."""
    following = offset + received
    return following if received > 0 and following < total_found else None


def released_at(listed: Any) -> datetime | None:
    """When the posting was (re)released, as an aware datetime, if it says so."""
    raw = listed.get("releasedDate") if isinstance(listed, dict) else None
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def unchanged_since(listed: Any, since: datetime | None) -> bool:
    """True when the posting was released before ``since`` and so cannot have changed.

    SmartRecruiters only changes a posting's content when the job is posted again, which
    gives it a new ``releasedDate``; a posting without a readable date is never skipped.
    """
    if since is None:
        return False
    released = released_at(listed)
    if released is None:
        return False
    return released < (since if since.tzinfo else since.replace(tzinfo=UTC))


def _label(value: Any) -> str | None:
    return clean_text(value.get("label")) if isinstance(value, dict) else None


def description_html(posting: dict[str, Any]) -> str | None:
    """The job ad's sections, each under its own heading, in the order the ad shows them."""
    job_ad = posting.get("jobAd")
    sections = job_ad.get("sections") if isinstance(job_ad, dict) else None
    if not isinstance(sections, dict):
        return None
    keys = [k for k in SECTION_ORDER if k in sections]
    keys += [k for k in sections if k not in SECTION_ORDER]
    parts: list[str] = []
    for key in keys:
        section = sections[key]
        if not isinstance(section, dict):
            continue
        text = section.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        title = clean_text(section.get("title"))
        if title:
            parts.append(f"<h2>{title}</h2>")
        parts.append(text)
    return "\n".join(parts) or None


def _location(location: Any) -> tuple[str | None, str | None, bool | None]:
    if not isinstance(location, dict):
        return None, None, None
    country = clean_text(location.get("country"))
    country = country.upper() if country and len(country) == 2 and country.isalpha() else None
    text = clean_text(location.get("fullLocation"))
    if not text:
        parts = [clean_text(location.get("city")), clean_text(location.get("region")), country]
        text = ", ".join(p for p in parts if p) or None
    remote = location.get("remote")
    return text, country, remote if isinstance(remote, bool) else None


def map_smartrecruiters_posting(posting: Any, company: str) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one posting detail.

    ``posting`` is the detail answer laid over the listed posting, so a field the detail
    leaves out still comes from the listing.
    """
    if not isinstance(posting, dict):
        raise MalformedRecord(
            f"SmartRecruiters posting is a {type(posting).__name__}, not an object")
    posting_id = required_text(posting.get("id"), "id", "SmartRecruiters posting")
    title = required_text(posting.get("name"), "title (name)", "SmartRecruiters posting")
    html = description_html(posting)
    description = html_to_text(html) if html else ""
    if not description:
        raise MalformedRecord(f"SmartRecruiters posting {posting_id} has no job ad text")
    owner = posting.get("company")
    owner = owner if isinstance(owner, dict) else {}
    location_raw, country, remote = _location(posting.get("location"))
    released = clean_text(posting.get("releasedDate"))
    return {
        "source_id": f"{company}:{posting_id}",
        "url": clean_text(posting.get("postingUrl")) or clean_text(posting.get("applyUrl"))
        or f"https://jobs.smartrecruiters.com/{quote(company, safe='')}/"
           f"{quote(posting_id, safe='')}",
        "title": title,
        "company": clean_text(owner.get("name")) or company,
        "location_raw": location_raw,
        "country": country,
        "remote": remote,
        "employment_type": _label(posting.get("typeOfEmployment")),
        "department": _label(posting.get("department")) or _label(posting.get("function")),
        "occupational_category": _label(posting.get("function")),
        "experience_requirements_raw": _label(posting.get("experienceLevel")),
        "date_posted_raw": released,
        "date_posted": parse_date(released),
        "description_html": html,
        "description": description,
    }
