"""schema.org JobPosting in JSON-LD -> Posting fields. Pure functions over parsed JSON.

Real sites publish JobPosting in many equivalent shapes (a bare object, a list, an
``@graph``, ``@type`` as a list, organisation as a string or an object, salary as a
range or a single value); every shape is folded into the same flat Posting fields here,
so spiders stay thin and the mapping is testable without any HTTP.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from scrapers.description_text import html_to_text
from scrapers.salary import map_salary, number

JOB_POSTING = "JobPosting"

# A JobPosting sits at most a few levels deep (page -> @graph -> list); deeper nesting
# is not a page structure but a hostile or broken document.
MAX_SEARCH_DEPTH = 8

_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
# Sites wrap the script body in HTML comments or CDATA to hide it from old browsers.
_SCRIPT_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


class MalformedJsonLd(ValueError):
    """A ld+json script whose body is not JSON."""


def load_jsonld(script_text: str) -> Any:
    """Parse the body of one ``<script type="application/ld+json">``.

    Control characters inside strings are tolerated (many sites emit raw newlines in
    descriptions); anything else that is not JSON raises :class:`MalformedJsonLd`.
    """
    text = _SCRIPT_WRAPPERS.sub("", script_text).strip()
    if not text:
        raise MalformedJsonLd("empty ld+json script")
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise MalformedJsonLd(f"invalid JSON-LD: {exc}") from None
    except RecursionError:
        raise MalformedJsonLd("invalid JSON-LD: nested too deeply") from None


def _type_names(value: Any) -> list[str]:
    types = value if isinstance(value, list) else [value]
    # "schema:JobPosting" and "http://schema.org/JobPosting" name the same type
    return [re.split(r"[/:#]", t)[-1] for t in types if isinstance(t, str)]


def is_job_posting(value: Any) -> bool:
    return isinstance(value, dict) and JOB_POSTING in _type_names(value.get("@type"))


def find_job_postings(value: Any, _depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JobPosting object in a parsed JSON-LD value.

    Looks at the value itself, inside lists, inside ``@graph`` and at a page's
    ``mainEntity``; does not descend into a JobPosting's own properties, nor deeper than
    :data:`MAX_SEARCH_DEPTH` levels.
    """
    if _depth > MAX_SEARCH_DEPTH:
        return
    if isinstance(value, list):
        for element in value:
            yield from find_job_postings(element, _depth + 1)
    elif isinstance(value, dict):
        if is_job_posting(value):
            yield value
            return
        for key in ("@graph", "mainEntity"):
            if key in value:
                yield from find_job_postings(value[key], _depth + 1)


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value: Any) -> str | None:
    """A clean one-line string from a JSON-LD literal, or None when there is nothing."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())
    return text or None


def _name(value: Any) -> str | None:
    """The name of an Organization/Country-like value, which may also be a bare string."""
    value = _first(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("legalName"))
    # A bare number is an id or a mistake, never the name of an organisation or place.
    return _text(value) if isinstance(value, str) else None


def parse_date(raw: Any) -> date | None:
    """The calendar date of an ISO 8601 date or datetime (as written, offset not applied)."""
    if not isinstance(raw, str):
        return None
    match = _ISO_DATE.match(raw)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _raw_date(value: Any) -> str | None:
    value = _first(value)
    return (value.strip() or None) if isinstance(value, str) else None


def _addresses(job: dict[str, Any]) -> list[dict[str, Any] | str]:
    locations = job.get("jobLocation")
    locations = locations if isinstance(locations, list) else [locations]
    found: list[dict[str, Any] | str] = []
    for place in locations:
        if isinstance(place, str):
            found.append(place)
        elif isinstance(place, dict):
            address = _first(place.get("address"))
            if isinstance(address, (dict, str)):
                found.append(address)
            elif _text(place.get("name")):
                found.append(str(_text(place.get("name"))))
    return found


def _address_text(address: dict[str, Any] | str) -> str | None:
    if isinstance(address, str):
        return _text(address)
    parts = [_text(address.get("addressLocality")), _text(address.get("addressRegion")),
             _name(address.get("addressCountry"))]
    return ", ".join(p for p in parts if p) or None


def map_location(job: dict[str, Any]) -> dict[str, Any]:
    """location_raw ("Locality, Region, Country"; several places joined by "; ") and country."""
    addresses = _addresses(job)
    texts = [t for t in (_address_text(a) for a in addresses) if t]
    country = next((_name(a.get("addressCountry")) for a in addresses
                    if isinstance(a, dict) and a.get("addressCountry")), None)
    return {"location_raw": "; ".join(dict.fromkeys(texts)) or None, "country": country}


def map_remote(job: dict[str, Any]) -> bool:
    # Google's JobPosting guidelines mark remote work only with TELECOMMUTE; a posting
    # without it is an on-site job.
    kinds = job.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.strip().upper() == "TELECOMMUTE" for k in kinds)


def map_employment_type(job: dict[str, Any]) -> str | None:
    value = job.get("employmentType")
    values = value if isinstance(value, list) else [value]
    texts = [t for t in (_text(v) for v in values) if t]
    return ", ".join(texts) or None


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def map_source_id(job: dict[str, Any], url: str) -> str:
    """The site's own id (``identifier`` PropertyValue or string), else a hash of the URL."""
    identifier = _first(job.get("identifier"))
    if isinstance(identifier, dict):
        identifier = identifier.get("value") or identifier.get("@id")
    text = _text(identifier)
    return text or url_hash(url)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _joined(parts: list[str | None]) -> str | None:
    # Several requirements (a list in the source) become one "; "-separated string.
    return "; ".join(dict.fromkeys(p for p in parts if p)) or None


def _experience_text(value: Any) -> str | None:
    if not isinstance(value, dict):
        return _text(value)
    months = number(value.get("monthsOfExperience"))
    parts = [f"{months:g} months of experience" if months is not None else None,
             _text(value.get("description")) or _text(value.get("name"))]
    return _joined(parts)


def map_experience(value: Any) -> str | None:
    """experienceRequirements as text: a string, or OccupationalExperienceRequirements
    rendered as "<monthsOfExperience> months of experience; <description>"."""
    return _joined([_experience_text(v) for v in _as_list(value)])


def _education_text(value: Any) -> str | None:
    if not isinstance(value, dict):
        return _text(value)
    return _joined([_text(v) for v in _as_list(value.get("credentialCategory"))]) \
        or _text(value.get("educationalLevel")) or _text(value.get("description")) \
        or _text(value.get("name"))


def map_education(value: Any) -> str | None:
    """educationRequirements as text: a string, or the credentialCategory (text or
    DefinedTerm) of an EducationalOccupationalCredential."""
    return _joined([_education_text(v) for v in _as_list(value)])


def _category_text(value: Any) -> str | None:
    if not isinstance(value, dict):
        return _text(value)
    # Google documents the text form as "<code> <name>" ("15-1132.00 Software Developers").
    return _joined([" ".join(p for p in (_text(value.get("codeValue")),
                                         _text(value.get("name"))) if p) or None])


def map_occupational_category(value: Any) -> str | None:
    """occupationalCategory as text: a string, or a CategoryCode as "<codeValue> <name>"."""
    return _joined([_category_text(v) for v in _as_list(value)])


def map_department(job: dict[str, Any]) -> str | None:
    """The advert's department, else the hiring organisation's department, else industry."""
    organisation = _first(job.get("hiringOrganization"))
    org_department = (organisation.get("department")
                      if isinstance(organisation, dict) else None)
    return (_name(job.get("department")) or _name(org_department)
            or _text(job.get("industry")))


def map_job_posting(job: Any, url: str) -> dict[str, Any]:
    """Posting fields (all but ``source`` and ``scraped_at``) of one JobPosting object.

    Values that the posting does not state, or states in an unusable type, are None;
    validation of required fields is left to the item pipeline so that a bad posting is
    counted rather than lost silently. Never raises on any JSON value.
    """
    if not isinstance(job, dict):
        job = {}
    description_html = job.get("description")
    description_html = description_html if isinstance(description_html, str) else None
    date_posted_raw = _raw_date(job.get("datePosted"))
    valid_through_raw = _raw_date(job.get("validThrough"))
    fields: dict[str, Any] = {
        "source_id": map_source_id(job, url),
        "url": url,
        "title": _text(job.get("title")) or _text(job.get("name")),
        "company": _name(job.get("hiringOrganization")),
        **map_location(job),
        "employment_type": map_employment_type(job),
        "remote": map_remote(job),
        "date_posted_raw": date_posted_raw,
        "date_posted": parse_date(date_posted_raw),
        "valid_through_raw": valid_through_raw,
        "valid_through": parse_date(valid_through_raw),
        "salary_raw": None,
        "salary_min": None,
        "salary_max": None,
        "salary_currency": None,
        "salary_period": None,
        "description_html": description_html,
        "description": html_to_text(description_html) or None,
        "department": map_department(job),
        "occupational_category": map_occupational_category(job.get("occupationalCategory")),
        "experience_requirements_raw": map_experience(job.get("experienceRequirements")),
        "education_requirements_raw": map_education(job.get("educationRequirements")),
    }
    fields.update(map_salary(job.get("baseSalary")))
    return fields
