"""Hacker News "Ask HN: Who is hiring?" comments (Algolia HN Search API) -> Posting fields.

``GET /api/v1/search_by_date?tags=comment,story_<id>&hitsPerPage=N&page=P`` answers
``{"hits": [...], "nbHits", "page", "nbPages", "hitsPerPage", ...}``, newest first; a hit
carries ``objectID``, ``author``, ``comment_text`` (HTML, paragraphs split by ``<p>``),
``created_at``, ``created_at_i``, ``parent_id`` and ``story_id``. The monthly threads are
posted by the ``whoishiring`` account (``tags=story,author_whoishiring``).

An advert is a top-level comment whose first line follows the thread's convention,
``Company | Role | Location | REMOTE | salary``, in any order after the company: each
part is recognised by what it looks like (a salary, a remote/on-site marker, a contract
type, a URL, a role word); what is left is the location.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from scrapers.description_text import html_to_text
from scrapers.jsonld import parse_date
from scrapers.record_fields import MalformedRecord
from scrapers.salary_text import parse_salary_text

DEFAULT_API_BASE = "https://hn.algolia.com"
SEARCH_BY_DATE = "/api/v1/search_by_date"
ITEM_URL = "https://news.ycombinator.com/item?id={id}"
_HIRING_TITLE = re.compile(r"^\s*Ask HN:\s*Who is hiring\?", re.IGNORECASE)

_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.(?:com|io|ai|co|dev|org|net"
                  r"|app|tech|xyz|so|sh|eu|de|uk|us)(?:/\S*)?$", re.IGNORECASE)
_REMOTE = re.compile(r"\bremote\b|\bwfh\b|\bdistributed\b", re.IGNORECASE)
_NOT_REMOTE = re.compile(r"\bno\s+remote\b|\bnot\s+remote\b", re.IGNORECASE)
_ON_SITE = re.compile(r"\bon-?\s?site\b|\bin[- ]office\b|\bin[- ]person\b|\bhybrid\b",
                      re.IGNORECASE)
_CONTRACT = re.compile(r"\b(?:full[- ]?time|part[- ]?time|contract(?:or)?|intern(?:ship)?s?|"
                       r"freelance|permanent|FT|PT)\b", re.IGNORECASE)
_VISA = re.compile(r"\bvisa\b|\bsponsorship\b", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:engineers?|engineering|developers?|dev|managers?|management|head|directors?|"
    r"leads?|lead|cto|cio|ciso|vp|chief|architects?|designers?|scientists?|analysts?|sre|"
    r"devops|administrators?|admin|officers?|specialists?|consultants?|recruiters?|product|"
    r"marketing|sales|writers?|researchers?|technicians?|programmers?|staff|principal|"
    r"founding|support|operations|ops|accountant|counsel|coordinator|executive|"
    r"roles?|positions?|hiring)\b",
    re.IGNORECASE)
_LOCATION_MARKER = re.compile(r"^\s*(?:location|based in)\s*:\s*", re.IGNORECASE)
_PAREN_URL = re.compile(r"\s*\(?\s*(?:https?://|www\.)\S+\s*\)?")


def story_search_url(api_base: str, hits_per_page: int = 10) -> str:
    """The whoishiring account's latest stories, newest first."""
    params = {"tags": "story,author_whoishiring", "hitsPerPage": str(hits_per_page)}
    return f"{api_base.rstrip('/')}{SEARCH_BY_DATE}?{urlencode(params)}"


def comments_url(api_base: str, story_id: str, page: int, hits_per_page: int,
                 after: int | None = None, until: int | None = None) -> str:
    """One page of a thread's comments, optionally only those created after/until epochs."""
    params = {"tags": f"comment,story_{story_id}", "hitsPerPage": str(hits_per_page),
              "page": str(page)}
    filters = [f"created_at_i>{after}"] if after is not None else []
    if until is not None:
        filters.append(f"created_at_i<={until}")
    if filters:
        params["numericFilters"] = ",".join(filters)
    return f"{api_base.rstrip('/')}{SEARCH_BY_DATE}?{urlencode(params)}"


def search_hits(payload: Any) -> tuple[list[Any], int, int]:
    """Hits, number of pages and number of hits; :class:`MalformedRecord` for other JSON."""
    hits = payload.get("hits") if isinstance(payload, dict) else None
    if not isinstance(hits, list):
        raise MalformedRecord("Algolia answer has no 'hits' list")
    pages, total = payload.get("nbPages"), payload.get("nbHits")
    return (hits, pages if isinstance(pages, int) else 1,
            total if isinstance(total, int) else len(hits))


def latest_hiring_story(hits: list[Any]) -> str | None:
    """The id of the newest "Ask HN: Who is hiring?" story among story hits."""
    stories = [h for h in hits if isinstance(h, dict) and isinstance(h.get("title"), str)
               and _HIRING_TITLE.match(h["title"])]
    stories.sort(key=lambda h: h.get("created_at_i") or 0, reverse=True)
    return str(stories[0].get("objectID")) if stories and stories[0].get("objectID") else None


def is_top_level(hit: Any, story_id: str) -> bool:
    """Replies discuss adverts; only comments directly on the story are adverts."""
    return isinstance(hit, dict) and str(hit.get("parent_id")) == str(story_id)


def comment_lines(hit: Any) -> list[str]:
    text = hit.get("comment_text") if isinstance(hit, dict) else None
    return html_to_text(text).splitlines() if isinstance(text, str) else []


def _clean(part: str) -> str:
    return " ".join(part.strip(" \t-–—:;,").split())


def parse_header(line: str) -> dict[str, Any] | None:
    """Company, title, location, remote flag, contract type and salary of a first line.

    None when the line does not follow the convention (fewer than two ``|`` parts, or no
    part that can be the role).
    """
    parts = [_clean(p) for p in line.split("|")]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    company = _clean(_PAREN_URL.sub("", parts[0])) or parts[0]
    roles: list[str] = []
    places: list[str] = []
    remote_parts: list[str] = []
    salary: dict[str, Any] = {}
    employment: str | None = None
    remote: bool | None = None
    for part in parts[1:]:
        if _URL.match(part) or _VISA.search(part) and not _ROLE.search(part):
            continue
        found = parse_salary_text(part)
        if found and not salary and not _ROLE.search(part):
            salary = found
            continue
        if _REMOTE.search(part) and not _NOT_REMOTE.search(part):
            remote = True
        elif _ON_SITE.search(part) or _NOT_REMOTE.search(part):
            remote = False if remote is None else remote
        if _ROLE.search(part):
            roles.append(part)
        elif _REMOTE.search(part) or _ON_SITE.search(part):
            remote_parts.append(part)
        elif _CONTRACT.search(part):
            employment = employment or part
        else:
            places.append(_LOCATION_MARKER.sub("", part))
    if not roles and len(places) >= 2:
        # No role word anywhere: trust the convention's order, role before location.
        roles.append(places.pop(0))
    if not roles:
        return None
    location = "; ".join(places + remote_parts) or None
    return {"company": company, "title": roles[0], "location_raw": location, "remote": remote,
            "employment_type": employment, **salary}


def map_hn_comment(hit: dict[str, Any]) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one advert comment."""
    if not isinstance(hit, dict):
        raise MalformedRecord(f"hit is a {type(hit).__name__}, not an object")
    comment_id = hit.get("objectID")
    lines = comment_lines(hit)
    if not isinstance(comment_id, (str, int)) or not lines:
        raise MalformedRecord(f"comment {comment_id!r} has no id or no text (deleted?)")
    header = parse_header(lines[0])
    if header is None:
        raise MalformedRecord(f"comment {comment_id}: first line is not 'Company | Role | ...'")
    created_raw = hit.get("created_at") if isinstance(hit.get("created_at"), str) else None
    body = lines[1:] or lines
    return {
        "source_id": str(comment_id),
        "url": ITEM_URL.format(id=comment_id),
        **header,
        "country": None,
        "date_posted_raw": created_raw,
        "date_posted": parse_date(created_raw),
        "description_html": hit.get("comment_text"),
        "description": "\n".join(body),
    }
