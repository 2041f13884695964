"""Turns a generated board into the bytes a real careers site and Greenhouse API would serve."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from leadtrends.sample_board import vocabulary as v

if TYPE_CHECKING:
    from leadtrends.sample_board.generator import Advert, SampleBoard

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

Pages = dict[str, tuple[str, bytes]]

INTERNAL_PREVIEW_PATH = "/internal/preview.html"
NON_JOB_PATHS: tuple[str, ...] = ("/about.html", "/privacy.html", INTERNAL_PREVIEW_PATH)
CONTENT_QUERY = "?content=true"


def render_site(board: SampleBoard, base: str) -> Pages:
    pages: Pages = {
        "/robots.txt": (TEXT, robots_txt(base).encode()),
        "/": (HTML, _index_page(board, base)),
        "/index.html": (HTML, _index_page(board, base)),
        "/about.html": (HTML, _plain_page("About the Sample Careers Network", (
            "This site is a synthetic careers network generated for testing leadtrends.",
            "Every company and advert on it is fictional."))),
        "/privacy.html": (HTML, _plain_page("Privacy", (
            "This synthetic site stores no personal data.",))),
        INTERNAL_PREVIEW_PATH: (HTML, _internal_preview()),
    }
    careers = board.careers_adverts
    by_year: dict[int, list[Advert]] = {}
    for advert in careers:
        by_year.setdefault(advert.date_posted.year, []).append(advert)
        pages[advert.path] = (HTML, advert_page(advert, base))
    for year, adverts in by_year.items():
        pages[f"/sitemaps/jobs-{year}.xml"] = (XML, _urlset(
            (f"{base}{a.path}", a.date_posted) for a in adverts))
    last = max((a.date_posted for a in careers), default=board.start)
    pages["/sitemaps/pages.xml"] = (XML, _urlset((f"{base}{p}", last) for p in NON_JOB_PATHS))
    pages["/sitemap.xml"] = (XML, _sitemap_index(
        [(f"{base}/sitemaps/jobs-{year}.xml", max(a.date_posted for a in ads))
         for year, ads in sorted(by_year.items())] + [(f"{base}/sitemaps/pages.xml", last)]))

    boards: dict[str, list[Advert]] = {}
    for advert in board.greenhouse_adverts:
        assert advert.board_token is not None
        boards.setdefault(advert.board_token, []).append(advert)
        pages[advert.path] = (HTML, _greenhouse_hosted_page(advert))
    for token, adverts in boards.items():
        newest_first = sorted(adverts, key=lambda a: a.number, reverse=True)
        listing = f"/v1/boards/{token}/jobs"
        pages[listing] = (JSON, _json(greenhouse_listing(newest_first, base, content=False)))
        pages[listing + CONTENT_QUERY] = (JSON, _json(
            greenhouse_listing(newest_first, base, content=True)))
        for advert in adverts:
            pages[f"{listing}/{advert.id}"] = (JSON, _json(
                greenhouse_job(advert, base, content=True)))
    return pages


def robots_txt(base: str) -> str:
    return ("User-agent: *\n"
            "Disallow: /internal/\n"
            "\n"
            f"Sitemap: {base}/sitemap.xml\n")


def not_found_html(path: str) -> bytes:
    return _plain_page("Page not found", (f"Nothing lives at {path}.",))


def greenhouse_not_found() -> bytes:
    return _json({"status": 404, "error": "Job not found"})


# -- careers-site pages --------------------------------------------------------------------


def jobposting(advert: Advert, base: str) -> dict[str, Any]:
    """The schema.org JobPosting for an advert, before any deliberate breakage."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": advert.title,
        "description": advert.description_html,
        "datePosted": advert.date_posted.isoformat(),
        "validThrough": _valid_through(advert),
        "employmentType": advert.employment_type,
        "hiringOrganization": {
            "@type": "Organization",
            "name": advert.company,
            "sameAs": f"https://www.{advert.company_slug}.example",
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": advert.city,
                "addressRegion": advert.region,
                "addressCountry": advert.country,
            },
        },
        "identifier": {"@type": "PropertyValue", "name": advert.company, "value": advert.id},
        "url": f"{base}{advert.path}",
    }
    if advert.remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {
            "@type": "Country", "name": v.COUNTRY_NAMES[advert.country]}
    if advert.salary_min is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue",
                                 "unitText": (advert.salary_period or "").upper()}
        if advert.salary_min == advert.salary_max:
            value["value"] = advert.salary_min
        else:
            value["minValue"] = advert.salary_min
            value["maxValue"] = advert.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": advert.salary_currency,
                              "value": value}
    return data


def jsonld_text(advert: Advert, base: str) -> str:
    """What goes inside the ld+json script, including the deliberate breakage."""
    data = jobposting(advert, base)
    if advert.broken_kind == "missing_title":
        del data["title"]
    if advert.jsonld_graph:
        context = data.pop("@context")
        data = {"@context": context, "@graph": [
            {"@type": "Organization", "@id": f"{base}/#org-{advert.company_slug}",
             "name": advert.company, "url": f"https://www.{advert.company_slug}.example"},
            {"@type": "WebPage", "@id": f"{base}{advert.path}", "name": advert.title},
            data,
        ]}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # "</" inside a script would let "</script>" in a description end the block early.
    text = text.replace("</", "<\\/")
    if advert.broken_kind == "malformed_json":
        # A CMS that drops the closing braces and leaves a trailing comma, as seen in the wild.
        text = text.rstrip().rstrip("}").rstrip() + ',\n "industry": '
    return text


def advert_page(advert: Advert, base: str) -> bytes:
    colour = next((c.brand_colour for c in v.COMPANIES if c.name == advert.company), "#333")
    company = html.escape(advert.company)
    title = html.escape(advert.title)
    location = html.escape(advert.location_name)
    facts = [location, _employment_label(advert.employment_type),
             html.escape(advert.salary_text), f"Posted {advert.date_posted:%d %B %Y}"]
    script = (f'<script type="application/ld+json">\n{jsonld_text(advert, base)}\n</script>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} | {company} Careers</title>\n"
        f'<meta property="og:site_name" content="{company} Careers">\n'
        f'<meta property="og:title" content="{title}">\n'
        f'<link rel="canonical" href="{base}{advert.path}">\n'
        f"<style>header{{background:{colour};color:#fff;padding:1em}}"
        "main{max-width:48em;margin:auto;font-family:sans-serif}</style>\n"
        f"{script}\n"
        "</head>\n<body>\n"
        f'<header><a href="{base}/" style="color:#fff">{company} Careers</a></header>\n'
        f'<main>\n<h1 class="job-title">{title}</h1>\n'
        f'<p class="job-facts">{" · ".join(facts)}</p>\n'
        f'<div class="job-description">\n{advert.description_html}\n</div>\n'
        f'<p><a href="mailto:careers@{advert.company_slug}.example?subject=Ref%20{advert.id}">'
        "Apply now</a></p>\n</main>\n</body>\n</html>\n"
    ).encode()


def _valid_through(advert: Advert) -> str:
    # Some CMSs emit a closing datetime rather than a date; parsers should accept both.
    if advert.number % 5 == 0:
        moment = datetime.combine(advert.valid_through, time(23, 59, 59), UTC)
        return moment.isoformat()
    return advert.valid_through.isoformat()


def _employment_label(employment_type: str) -> str:
    return {"FULL_TIME": "Full-time", "PART_TIME": "Part-time",
            "CONTRACTOR": "Contract"}.get(employment_type, employment_type)


def _index_page(board: SampleBoard, base: str) -> bytes:
    companies = sorted({a.company for a in board.careers_adverts})
    items = "".join(f"<li>{html.escape(c)}</li>" for c in companies)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Sample Careers Network</title></head><body>"
        "<h1>Sample Careers Network</h1>"
        f"<p>{len(board.careers_adverts)} adverts from these employers; see the "
        f'<a href="{base}/sitemap.xml">sitemap</a>.</p><ul>{items}</ul>'
        '<p><a href="/about.html">About</a></p></body></html>\n'
    ).encode()


def _plain_page(title: str, paragraphs: Iterable[str]) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
            f"{body}</body></html>\n").encode()


def _internal_preview() -> bytes:
    # A draft advert a polite crawler must never see: robots.txt disallows /internal/.
    draft = {"@context": "https://schema.org", "@type": "JobPosting",
             "title": "DRAFT - do not publish", "description": "<p>Internal preview.</p>",
             "datePosted": "2023-01-01",
             "hiringOrganization": {"@type": "Organization", "name": "Internal"},
             "identifier": {"@type": "PropertyValue", "name": "Internal",
                            "value": "internal-draft"}}
    script = json.dumps(draft).replace("</", "<\\/")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Internal preview</title>"
        f'<script type="application/ld+json">{script}</script>'
        "</head><body><h1>Internal preview</h1></body></html>\n"
    ).encode()


def _sitemap_xml(root: str, entry: str, entries: Iterable[tuple[str, date]]) -> bytes:
    """A sitemap ``urlset`` (entry ``url``) or sitemap index (entry ``sitemap``)."""
    rows = "".join(f"<{entry}><loc>{xml_escape(loc)}</loc><lastmod>{when.isoformat()}"
                   f"</lastmod></{entry}>\n" for loc, when in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</{root}>\n").encode()


def _urlset(entries: Iterable[tuple[str, date]]) -> bytes:
    return _sitemap_xml("urlset", "url", entries)


def _sitemap_index(entries: Iterable[tuple[str, date]]) -> bytes:
    return _sitemap_xml("sitemapindex", "sitemap", entries)


# -- Greenhouse API ------------------------------------------------------------------------


def greenhouse_job(advert: Advert, base: str, *, content: bool) -> dict[str, Any]:
    offset = _tz_offset(advert.country)
    published = datetime.combine(advert.date_posted, time(9 + advert.number % 8,
                                                          advert.number % 60), offset)
    updated = published + timedelta(days=advert.number % 6, hours=advert.number % 5)
    job: dict[str, Any] = {
        "absolute_url": f"{base}{advert.path}",
        "data_compliance": [{"type": "gdpr", "requires_consent": False,
                             "requires_processing_consent": False,
                             "requires_retention_consent": False, "retention_period": None}],
        "internal_job_id": advert.number + 2_000_000,
        "location": {"name": advert.location_name},
        "metadata": _greenhouse_metadata(advert),
        "id": advert.number,
        "updated_at": updated.isoformat(),
        "requisition_id": f"REQ-{advert.date_posted.year}-{advert.number % 10_000:04d}",
        "title": advert.title,
        "company_name": advert.company,
        "first_published": published.isoformat(),
        "language": "en",
    }
    if content:
        job["content"] = html.escape(advert.description_html, quote=True)
        job["departments"] = [{"id": _stable_id(advert.department), "name": advert.department,
                               "child_ids": [], "parent_id": None}]
        job["offices"] = [{"id": _stable_id(advert.city), "name": advert.city,
                           "location": f"{advert.city}, {advert.region}, "
                                       f"{v.COUNTRY_NAMES[advert.country]}",
                           "child_ids": [], "parent_id": None}]
    return job


def greenhouse_listing(adverts: list[Advert], base: str, *, content: bool) -> dict[str, Any]:
    jobs = [greenhouse_job(a, base, content=content) for a in adverts]
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


def _greenhouse_metadata(advert: Advert) -> list[dict[str, Any]] | None:
    # Boards that define no custom fields answer null, which consumers must tolerate.
    if advert.number % 3 == 0:
        return None
    return [{"id": 4_100_001, "name": "Employment Type",
             "value": _employment_label(advert.employment_type), "value_type": "single_select"},
            {"id": 4_100_002, "name": "Remote", "value": advert.remote,
             "value_type": "yes_no"}]


def _greenhouse_hosted_page(advert: Advert) -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Job Application for {html.escape(advert.title)} at "
        f"{html.escape(advert.company)}</title></head><body>"
        f"<h1 class=\"app-title\">{html.escape(advert.title)}</h1>"
        f"<div class=\"company-name\">at {html.escape(advert.company)}</div>"
        f"<div class=\"location\">{html.escape(advert.location_name)}</div>"
        f"<div id=\"content\">{advert.description_html}</div></body></html>\n"
    ).encode()


def _tz_offset(country: str) -> timezone:
    hours = {"GB": 0, "IE": 0, "DE": 1, "NL": 1, "US": -5}[country]
    return timezone(timedelta(hours=hours))


def _stable_id(name: str) -> int:
    # Python's str hash is salted per process, so derive ids from the bytes instead.
    return 4_000_000 + sum((i + 1) * b for i, b in enumerate(name.encode())) % 100_000


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
