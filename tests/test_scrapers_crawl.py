"""Real crawls, in a subprocess, against saved responses served on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from crawl_helpers import QuietHandler, crawled_postings, serving

from leadtrends.errors import LeadtrendsError
from scrapers.runner import CrawlError, CrawlResult, run_spider

FILES = Path(__file__).parent / "files" / "scrapers"
CRAWL_TIMEOUT = 120.0

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


class SavedResponses(ThreadingHTTPServer):
    """Serves tests/files/scrapers and remembers every path that was requested."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.queries: dict[str, str] = {}
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _Handler(QuietHandler):
    server: SavedResponses

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        with self.server.lock:
            self.server.hits[parts.path] += 1
            self.server.queries[parts.path] = parts.query
        if parts.path == "/v1/boards/always-failing/jobs":
            self._send(503, b'{"status":503}', "application/json")
            return
        file = self._file_for(parts.path)
        if file is None or not file.is_file():
            if parts.path.startswith("/v1/boards/"):
                self._send(404, b'{"status":404,"error":"Job not found"}', "application/json")
            else:
                self._send(404, b"not found", "text/plain")
            return
        body = file.read_text(encoding="utf-8").replace("__BASE__", self.server.base)
        self._send(200, body.encode("utf-8"), _CONTENT_TYPES.get(file.suffix, "text/plain"))

    @staticmethod
    def _file_for(path: str) -> Path | None:
        segments = [s for s in path.split("/") if s]
        if ".." in segments:
            return None
        if segments[:2] == ["v1", "boards"] and len(segments) == 4 and segments[3] == "jobs":
            return FILES / "greenhouse" / f"{segments[2]}.json"
        return FILES / "site" / "/".join(segments)



@pytest.fixture
def server() -> Iterator[SavedResponses]:
    with serving(SavedResponses()) as httpd:
        yield httpd



def _crawl_site(tmp_path: Path, run: int, spider: str, args: dict[str, str]) -> CrawlResult:
    out = tmp_path / f"run{run}"
    return run_spider(spider, "sample-site", out / "sample-site.jsonl",
                      out / "sample-site.stats.json", spider_args=args,
                      timeout=CRAWL_TIMEOUT)


def test_jobposting_spider_crawls_sitemaps_politely_and_repeatably(
    server: SavedResponses, tmp_path: Path
) -> None:
    results = [_crawl_site(tmp_path, run, "jobposting",
                           {"robots_url": f"{server.base}/robots.txt"}) for run in (1, 2)]

    for result in results:
        postings = crawled_postings(result)
        assert sorted(postings) == ["1001", "1002", "FAB-1003"]
        assert {p.source for p in postings.values()} == {"sample-site"}
        assert postings["1001"].url == f"{server.base}/jobs/1001.html"
        assert postings["1002"].remote is True
        assert result.items_scraped == 3
        assert result.dropped == {"malformed_jsonld": 1, "missing_title": 1}
        assert result.pages_skipped["no_jobposting"] == 1  # /about.html
        assert result.pages_skipped["robots_forbidden"] == 1
        assert result.stats["leadtrends/field/title/missing"] == 1
        assert result.stats["finish_reason"] == "finished"
        assert json.loads((result.output.parent / "sample-site.stats.json").read_text()) \
            == result.stats
        assert result.output.with_suffix(".log").is_file()

    # Both runs fetched every advert once and never touched what robots.txt forbids.
    assert server.hits["/internal/jobs/9999.html"] == 0
    for advert in ("1001", "1002", "1003", "1004", "1005"):
        assert server.hits[f"/jobs/{advert}.html"] == 2


def test_jobposting_spider_takes_sitemap_urls_directly(
    server: SavedResponses, tmp_path: Path
) -> None:
    sitemaps = f"{server.base}/sitemaps/jobs-2024.xml,{server.base}/sitemaps/jobs-2025.xml"
    result = _crawl_site(tmp_path, 1, "jobposting",
                         {"sitemap_url": sitemaps, "job_url_pattern": r"/jobs/\d+\.html$"})

    assert sorted(crawled_postings(result)) == ["1001", "1002", "FAB-1003"]
    # With a job URL pattern, non-advert pages are not even fetched.
    assert server.hits["/about.html"] == 0
    assert "no_jobposting" not in result.pages_skipped


def test_site_spider_built_on_the_base_reads_only_advert_pages(
    server: SavedResponses, tmp_path: Path
) -> None:
    result = _crawl_site(tmp_path, 1, "samplecareers", {"base_url": server.base})

    postings = crawled_postings(result)
    assert sorted(postings) == ["1001", "1002", "FAB-1003"]
    assert server.hits["/about.html"] == 0
    assert server.hits["/internal/jobs/9999.html"] == 0


def test_greenhouse_spider_crawls_boards_and_counts_unknown_ones(
    server: SavedResponses, tmp_path: Path
) -> None:
    for run in (1, 2):
        out = tmp_path / f"run{run}"
        result = run_spider(
            "greenhouse", "greenhouse", out / "greenhouse.jsonl", out / "greenhouse.stats.json",
            spider_args={"boards": "acme,no-such-board,globex", "api_base": server.base},
            timeout=CRAWL_TIMEOUT,
        )
        postings = crawled_postings(result)
        assert sorted(postings) == ["acme:4401001", "acme:4401002", "globex:5502001"]
        assert {p.source for p in postings.values()} == {"greenhouse"}
        assert postings["globex:5502001"].company == "Globex"
        assert result.pages_skipped["board_not_found"] == 1
        assert result.dropped == {"missing_title": 1}
        assert result.items_scraped == 3

    assert server.hits["/v1/boards/acme/jobs"] == 2
    assert server.queries["/v1/boards/acme/jobs"] == "content=true"


def test_greenhouse_board_that_keeps_failing_is_counted_after_retries(
    server: SavedResponses, tmp_path: Path
) -> None:
    result = run_spider(
        "greenhouse", "greenhouse", tmp_path / "gh.jsonl", tmp_path / "gh.stats.json",
        spider_args={"boards": "always-failing,globex", "api_base": server.base},
        timeout=CRAWL_TIMEOUT,
    )

    assert sorted(crawled_postings(result)) == ["globex:5502001"]
    assert result.pages_skipped["board_unreachable"] == 1
    assert server.hits["/v1/boards/always-failing/jobs"] == 3  # first try + RETRY_TIMES


def test_failed_crawl_raises_one_line_crawl_error(tmp_path: Path) -> None:
    with pytest.raises(CrawlError) as caught:
        run_spider("greenhouse", "greenhouse", tmp_path / "gh.jsonl", tmp_path / "gh.stats.json",
                   timeout=CRAWL_TIMEOUT)

    message = str(caught.value)
    assert isinstance(caught.value, LeadtrendsError)
    assert "\n" not in message
    assert "'greenhouse'" in message and "exited with code 1" in message
    assert "needs -a boards=" in message
    assert not (tmp_path / "gh.jsonl").exists()


def test_unknown_spider_raises_crawl_error(tmp_path: Path) -> None:
    with pytest.raises(CrawlError, match="Spider not found: nosuch"):
        run_spider("nosuch", "x", tmp_path / "x.jsonl", tmp_path / "x.stats.json",
                   timeout=CRAWL_TIMEOUT)
