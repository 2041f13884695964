"""Crawl statistics: the leadtrends stat names, the stats file, and its summary.

Every skipped page and dropped item is counted under a ``leadtrends/...`` stat so a run
can be audited afterwards from the stats file alone (alltheplaces does the same).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from leadtrends.jsonl import atomic_writer

log = logging.getLogger(__name__)

DROPPED = "leadtrends/dropped/"
PAGES = "leadtrends/pages/"
BOARDS = "leadtrends/boards/"
FIELD = "leadtrends/field/"
ITEMS_WRITTEN = "leadtrends/output/items_written"
BOARD_NOT_FOUND = BOARDS + "not_found"
BOARD_UNREACHABLE = BOARDS + "unreachable"
MALFORMED_JSONLD = DROPPED + "malformed_jsonld"
MALFORMED_JSON = DROPPED + "malformed_json"
UNMAPPABLE_RECORD = DROPPED + "unmappable_record"
DUPLICATE_ID = DROPPED + "duplicate_id"
NO_JOBPOSTING = PAGES + "no_jobposting"
PAGE_CAP_REACHED = PAGES + "page_cap_reached"
NOT_HTML = PAGES + "not_html"
# Pages lost to a download problem (counted once, after any retries).
TOO_LARGE = PAGES + "too_large"
REDIRECT_LOOP = PAGES + "redirect_loop"
TOO_MANY_REDIRECTS = PAGES + "too_many_redirects"
DOWNLOAD_FAILED = PAGES + "download_failed"
INVALID_SITEMAP = PAGES + "invalid_sitemap"
# Bad input that was repaired rather than dropped: the posting or page was kept.
REPAIRED = "leadtrends/repaired/"
REPAIRED_ENCODING = REPAIRED + "invalid_encoding"
REPAIRED_DUPLICATE_ID = REPAIRED + "duplicate_id"
DUPLICATE_IN_PAGE = DROPPED + "duplicate_in_page"
# Retries (see scrapers.middlewares.RetryAfterMiddleware).
RETRY = "leadtrends/retry/"
RETRY_AFTER_HEADER = RETRY + "after_header"
RETRY_AFTER_TOO_LONG = RETRY + "after_too_long"
RETRY_AFTER_INVALID = RETRY + "after_invalid"
RETRY_BACKOFF = RETRY + "backoff"


def dropped_key(reason: str) -> str:
    return DROPPED + reason


def field_key(field: str, problem: str) -> str:
    return f"{FIELD}{field}/{problem}"


def json_safe(value: Any) -> Any:
    """Stats values as JSON: datetimes as ISO 8601, durations in seconds, anything else as text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v) for v in value]
    return str(value)


def dropped_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Items dropped per reason (``leadtrends/dropped/<reason>``)."""
    return {key.removeprefix(DROPPED): int(value) for key, value in sorted(stats.items())
            if key.startswith(DROPPED)}


def repaired_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Pages or postings kept after a repair, per reason (``leadtrends/repaired/<reason>``)."""
    return {key.removeprefix(REPAIRED): int(value) for key, value in sorted(stats.items())
            if key.startswith(REPAIRED)}


def skipped_page_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Pages that yielded nothing, per reason: no JobPosting, unknown board, robots.txt, HTTP."""
    counts: dict[str, int] = {}
    for key, value in sorted(stats.items()):
        if key.startswith(PAGES):
            counts[key.removeprefix(PAGES)] = int(value)
        elif key.startswith(BOARDS):
            counts["board_" + key.removeprefix(BOARDS)] = int(value)
        elif key == "robotstxt/forbidden":
            counts["robots_forbidden"] = int(value)
        elif key.startswith("httperror/response_ignored_status_count/"):
            counts["http_" + key.rsplit("/", 1)[1]] = int(value)
    return counts


RESPONSE_STATUS = "downloader/response_status_count/"


def failure_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Responses and requests that failed: HTTP 5xx/429 answers, network errors, requests
    given up on after their retries."""
    counts: dict[str, int] = {}
    for key, value in stats.items():
        status = key.removeprefix(RESPONSE_STATUS) if key.startswith(RESPONSE_STATUS) else ""
        if status.startswith("5") or status == "429":
            counts[f"http_{status}"] = int(value)
        elif key == "downloader/exception_count":
            counts["network_errors"] = int(value)
        elif key == "retry/max_reached":
            counts["gave_up_after_retries"] = int(value)
    return counts


class CrawlStatsFile:
    """Extension: writes the final crawl stats as JSON to the ``LEADTRENDS_STATS`` path."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStatsFile:
        path = crawler.settings.get("LEADTRENDS_STATS")
        if not path:
            raise NotConfigured("LEADTRENDS_STATS is not set")
        extension = cls(crawler, Path(path))
        # Connected after CoreStats, so finish_reason and elapsed time are already set.
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        with atomic_writer(self.path) as handle:
            json.dump(json_safe(stats), handle, indent=2, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        log.info("Crawl stats written to %s", self.path)
