"""Bad input never stops a crawl: a real crawl of hostile pages served on 127.0.0.1.

Every bad page is dropped or repaired with its reason counted in the crawl stats, and every
good page still arrives. Ground truth: tests/files/scrapers/hostile/README.md.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from crawl_helpers import crawled_postings, serving

from scrapers.middlewares import backoff_seconds, retry_after_seconds
from scrapers.runner import CrawlResult, run_spider

FILES = Path(__file__).parent / "files" / "scrapers"
CRAWL_TIMEOUT = 180.0
PAGE_CAP = 100_000
HTML = "text/html; charset=utf-8"

# Pages listed in the hostile sitemap, served from files or by _Handler's dynamic routes.
HOSTILE_PAGES = [
    "/good-full.html", "/good-graph.html", "/microdata.html", "/malformed-jsonld.html",
    "/missing-description.html", "/wrong-types.html", "/duplicate-ids.html",
    "/latin1-declared-utf8.html", "/deep-jsonld.html", "/empty.html", "/brochure.pdf",
    "/huge.html", "/loop-a.html", "/chain/1.html", "/gone.html", "/broken.html",
    "/busy.html", "/busy-until-date.html", "/overloaded.html", "/truncated.html",
]
# Crawl settings that keep the hostile crawl short; the behaviour is the production one.
HOSTILE_SETTINGS: dict[str, object] = {
    "DOWNLOAD_MAXSIZE": PAGE_CAP,
    "REDIRECT_MAX_TIMES": 4,
    "LEADTRENDS_RETRY_BACKOFF_BASE": 0.05,
    "LEADTRENDS_RETRY_AFTER_MAX": 30,
}


class HostileSite(ThreadingHTTPServer):
    """Serves tests/files/scrapers/hostile (then site/) plus misbehaving dynamic routes."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def hit(self, path: str) -> int:
        """Count a request for ``path``; returns how many there have been, this one included."""
        with self.lock:
            self.hits[path] += 1
            return self.hits[path]


def _jobposting_page(ident: str, title: str) -> bytes:
    return (
        '<html><head><script type="application/ld+json">'
        f'{{"@context": "https://schema.org", "@type": "JobPosting", "identifier": "{ident}",'
        f' "title": "{title}", "description": "<p>Arrived after waiting politely.</p>"}}'
        "</script></head><body></body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: HostileSite

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        attempt = self.server.hit(path)
        base = self.server.base
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in HOSTILE_PAGES)
            self._send(200, ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
                             '"http://www.sitemaps.org/schemas/sitemap/0.9">'
                             f"{urls}</urlset>").encode(), "application/xml")
        elif path == "/sitemap-index.xml":
            self._send(200, ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns='
                             '"http://www.sitemaps.org/schemas/sitemap/0.9">'
                             f"<sitemap><loc>{base}/sitemap.xml</loc></sitemap>"
                             f"<sitemap><loc>{base}/sitemap-broken.xml</loc></sitemap>"
                             "</sitemapindex>").encode(), "application/xml")
        elif path == "/sitemap-broken.xml":
            self._send(200, b"<html><body>Our sitemap moved</body></html>", "text/html")
        elif path == "/deep-jsonld.html":
            nested = "[" * 20_000 + "]" * 20_000
            self._send(200, (f'<script type="application/ld+json">{nested}</script>').encode(),
                       HTML)
        elif path == "/empty.html":
            self._send(200, b"", HTML)
        elif path == "/brochure.pdf":
            self._send(200, b"%PDF-1.4 not really a pdf", "application/pdf")
        elif path == "/huge.html":
            self._send(200, b"<html><body>" + b"<p>padding</p>" * (PAGE_CAP // 10) +
                       b"</body></html>", HTML)
        elif path == "/loop-a.html":
            self._redirect("/loop-b.html")
        elif path == "/loop-b.html":
            self._redirect("/loop-a.html")
        elif path.startswith("/chain/"):
            self._redirect(f"/chain/{int(path.split('/')[2].split('.')[0]) + 1}.html")
        elif path == "/broken.html":
            self._send(500, b"<h1>Internal Server Error</h1>", HTML)
        elif path == "/busy.html":
            if attempt == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self._send(200, _jobposting_page("BUSY-1", "Head of Cloud Operations"), HTML)
        elif path == "/busy-until-date.html":
            if attempt == 1:
                when = formatdate(time.time() + 1, usegmt=True)
                self._send(503, b"maintenance", "text/plain", {"Retry-After": when})
            else:
                self._send(200, _jobposting_page("BUSY-2", "IT Operations Manager"), HTML)
        elif path == "/overloaded.html":
            self._send(503, b"come back tomorrow", "text/plain", {"Retry-After": "86400"})
        elif path == "/truncated.html":
            # Promise more than is sent, then close: the download is incomplete.
            self.send_response(200)
            self.send_header("Content-Type", HTML)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"<html><head><title>Cut")
            self.close_connection = True
        else:
            self._send_file(path)

    def _send_file(self, path: str) -> None:
        segments = [s for s in path.split("/") if s]
        for root in (FILES / "hostile", FILES / "site"):
            file = root.joinpath(*segments) if segments and ".." not in segments else None
            if file is not None and file.is_file():
                body = file.read_bytes().replace(b"__BASE__", self.server.base.encode())
                kind = {".xml": "application/xml", ".txt": "text/plain"}.get(file.suffix, HTML)
                self._send(200, body, kind)
                return
        self._send(404, b"<h1>Not found</h1>", HTML)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", HTML, {"Location": location})

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[HostileSite]:
    with serving(HostileSite()) as httpd:
        yield httpd



@pytest.fixture(scope="module")
def hostile_crawl(site: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    out = tmp_path_factory.mktemp("hostile")
    return run_spider("jobposting", "hostile", out / "hostile.jsonl", out / "hostile.stats.json",
                      spider_args={"sitemap_url": f"{site.base}/sitemap-index.xml"},
                      settings=HOSTILE_SETTINGS, timeout=CRAWL_TIMEOUT)


def test_hostile_crawl_finishes_and_every_good_posting_arrives(
        hostile_crawl: CrawlResult) -> None:
    postings = crawled_postings(hostile_crawl)

    assert hostile_crawl.stats["finish_reason"] == "finished"
    assert sorted(postings) == sorted([
        "PF-210", "QH-77", "TB-5001", "WT-2", "DUP-1", "DUP-1#3", "LAT-1", "BUSY-1", "BUSY-2"])
    assert hostile_crawl.items_scraped == len(postings)


def test_every_bad_page_is_counted_with_its_reason(hostile_crawl: CrawlResult) -> None:
    assert hostile_crawl.dropped == {
        "malformed_jsonld": 2,          # broken JSON, and JSON nested 20,000 deep
        "missing_description": 1,
        "missing_title": 1,             # a title that is an object without a name
        "duplicate_in_page": 1,         # the same advert twice on one page
    }
    skipped = hostile_crawl.pages_skipped
    assert skipped["no_jobposting"] == 1        # the empty page
    assert skipped["not_html"] == 1
    assert skipped["too_large"] == 1
    assert skipped["redirect_loop"] == 1
    assert skipped["too_many_redirects"] == 1
    assert skipped["download_failed"] == 1      # the truncated page, after its retries
    assert skipped["invalid_sitemap"] == 1
    assert skipped["http_404"] == 1
    assert skipped["http_500"] == 1
    assert skipped["http_503"] == 1             # Retry-After beyond the cap: given up


def test_repairs_are_counted_and_keep_the_posting(hostile_crawl: CrawlResult) -> None:
    stats = hostile_crawl.stats
    postings = crawled_postings(hostile_crawl)

    assert stats["leadtrends/repaired/invalid_encoding"] == 1
    assert postings["LAT-1"].company == "Grünwald AG"
    assert "Based in Zürich, salary CHF 140 000." in postings["LAT-1"].description
    assert stats["leadtrends/repaired/duplicate_id"] == 1
    assert postings["DUP-1#3"].title == "Data Platform Manager"


def test_wrong_types_are_left_empty_rather_than_guessed(hostile_crawl: CrawlResult) -> None:
    posting = crawled_postings(hostile_crawl)["WT-2"]

    assert posting.title == "Technical Operations Manager"
    assert posting.company is None
    assert posting.date_posted is None and posting.valid_through is None
    assert posting.location_raw == "Remote within the UK"
    assert posting.remote is True
    assert posting.salary_raw == "Competitive" and posting.salary_min is None
    assert posting.experience_requirements_raw is None
    assert posting.occupational_category == "7"


def test_retry_after_is_honoured_in_seconds_and_as_a_date(
        hostile_crawl: CrawlResult, site: HostileSite) -> None:
    stats = hostile_crawl.stats

    assert stats["leadtrends/retry/after_header"] == 2
    assert stats["leadtrends/retry/after_too_long"] == 1
    assert site.hits["/busy.html"] == 2 and site.hits["/busy-until-date.html"] == 2
    assert site.hits["/overloaded.html"] == 1   # not retried: the server asked for a day
    assert site.hits["/broken.html"] == 3       # first try + RETRY_TIMES, with backoff
    assert stats["leadtrends/retry/backoff"] >= 2


def test_structured_fields_arrive_from_a_real_page(hostile_crawl: CrawlResult) -> None:
    postings = crawled_postings(hostile_crawl)
    full, graph, micro = postings["PF-210"], postings["QH-77"], postings["TB-5001"]

    assert full.title == "Head of Infrastructure & Operations"
    assert full.department == "Group Technology"
    assert full.experience_requirements_raw == "84 months of experience"
    assert full.education_requirements_raw == "bachelor degree"
    assert full.occupational_category == "11-3021.00 Computer and Information Systems Managers"
    assert (full.salary_min, full.salary_max, full.salary_currency, full.salary_period) \
        == (92000, 104000, "GBP", "year")
    assert full.remote is True
    assert full.description.splitlines()[:2] == [
        "The role", "Lead a team of nine platform engineers."]
    assert graph.experience_requirements_raw == "Five years running an ITIL service desk"
    assert graph.education_requirements_raw == "professional certificate"
    assert (graph.salary_min, graph.salary_max, graph.salary_currency) == (61000, 68000, "GBP")
    assert micro.company == "Tidebank"
    assert micro.location_raw == "Edinburgh, GB"
    assert micro.description.splitlines() == [
        "What you will do", "- Manage two squads of backend engineers",
        "- Run quarterly planning"]
    assert (micro.salary_min, micro.salary_max) == (88000, 97000)


def test_link_discovery_follows_same_site_links_to_adverts_within_depth(
        site: HostileSite, tmp_path: Path) -> None:
    result = run_spider(
        "jobposting", "careers", tmp_path / "careers.jsonl", tmp_path / "careers.stats.json",
        spider_args={"start_url": f"{site.base}/careers.html",
                     "job_url_pattern": r"/jobs/\d+\.html$", "max_depth": "1"},
        timeout=CRAWL_TIMEOUT)

    assert sorted(crawled_postings(result)) == ["1001", "1002", "FAB-1003"]
    assert site.hits["/careers-2.html"] >= 1     # one link away: followed as a listing
    assert site.hits["/careers-3.html"] == 0     # two links away: beyond max_depth
    assert site.hits["/jobs/1005.html"] == 0
    assert site.hits["/internal/jobs/9999.html"] == 0   # robots.txt still obeyed
    assert result.pages_skipped.get("download_failed", 0) == 0  # off-site link not fetched
    assert "no_jobposting" not in result.pages_skipped   # listing pages are not adverts


def test_link_discovery_without_a_pattern_parses_every_page_within_depth(
        site: HostileSite, tmp_path: Path) -> None:
    result = run_spider(
        "jobposting", "careers", tmp_path / "careers.jsonl", tmp_path / "careers.stats.json",
        spider_args={"start_url": f"{site.base}/careers.html", "max_depth": "1"},
        timeout=CRAWL_TIMEOUT)

    assert sorted(crawled_postings(result)) == ["1001", "1002"]
    # careers.html, careers-2.html and about.html have no JobPosting
    assert result.pages_skipped["no_jobposting"] == 3


NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("header", "seconds"), [
    (b"120", 120.0),
    ("0", 0.0),
    ("Wed, 01 Jan 2025 00:01:00 GMT", 60.0),
    ("Tue, 31 Dec 2024 23:00:00 GMT", 0.0),     # already past: retry now
    ("soon", None),
    ("-5", None),
    ("", None),
    (None, None),
])
def test_retry_after_is_read_as_seconds_or_an_http_date(
        header: bytes | str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds


def test_backoff_doubles_per_retry_up_to_its_cap() -> None:
    assert [backoff_seconds(n, 1.0, 5.0) for n in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert backoff_seconds(3, 0.0, 5.0) == 0.0
