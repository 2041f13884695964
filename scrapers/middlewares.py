"""Downloader middlewares: polite retries (Retry-After, backoff) and counted download problems.

Stats (all under ``leadtrends/``):

- ``retry/after_header``: a retry waited for the server's Retry-After;
- ``retry/after_too_long``: Retry-After asked for longer than ``LEADTRENDS_RETRY_AFTER_MAX``,
  so the page was given up (and is then counted as ``http_<status>``);
- ``retry/after_invalid``: an unreadable Retry-After (exponential backoff used instead);
- ``retry/backoff``: a retry waited for exponential backoff;
- ``pages/redirect_loop``, ``pages/too_many_redirects``, ``pages/too_large``,
  ``pages/download_failed``: pages lost for that reason (after any retries).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

from scrapers.crawl_stats import (
    DOWNLOAD_FAILED,
    REDIRECT_LOOP,
    RETRY_AFTER_HEADER,
    RETRY_AFTER_INVALID,
    RETRY_AFTER_TOO_LONG,
    RETRY_BACKOFF,
    TOO_LARGE,
    TOO_MANY_REDIRECTS,
)

log = logging.getLogger(__name__)

# RFC 9110 10.2.3 and RFC 6585 4: the statuses whose Retry-After asks a client to wait.
RETRY_AFTER_STATUSES = frozenset({429, 503})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delay-seconds or an HTTP-date.

    A date in the past means "now" (0). Returns None for a missing or unreadable value.
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # HTTP-dates are always GMT
        when = when.replace(tzinfo=UTC)
    try:
        delta = (when - (now or datetime.now(UTC))).total_seconds()
    except OverflowError:
        return None
    return max(0.0, delta)


def backoff_seconds(retries_done: int, base: float, cap: float) -> float:
    """Exponential backoff: ``base``, ``2*base``, ``4*base``... never more than ``cap``."""
    if base <= 0:
        return 0.0
    return min(cap, base * 2 ** min(retries_done, 30))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, waiting before each retry instead of retrying at once.

    On 429/503 with a Retry-After header the retry waits that long, unless it exceeds
    ``LEADTRENDS_RETRY_AFTER_MAX`` seconds: then the page is given up and counted, since
    the server has said it will not answer in time. Otherwise (and for retried network
    errors) the wait is exponential: ``LEADTRENDS_RETRY_BACKOFF_BASE`` seconds doubled per
    retry, at most ``LEADTRENDS_RETRY_BACKOFF_MAX``. The wait is a non-blocking sleep on
    the reactor, so other requests go on meanwhile.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("LEADTRENDS_RETRY_AFTER_MAX", 120.0)
        self.backoff_base = settings.getfloat("LEADTRENDS_RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("LEADTRENDS_RETRY_BACKOFF_MAX", 60.0)

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = self._server_delay(request, response)
        if delay is None:
            return response  # told to wait too long: give up, HttpError counts the status
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if delay:
            self._stats.inc_value(RETRY_AFTER_HEADER)
        else:
            delay = self._backoff(request)
        await self._wait(delay, request)
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        if request.meta.get("dont_retry", False) or not isinstance(
                exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await self._wait(self._backoff(request), request)
        return retry

    def _server_delay(self, request: Request, response: Response) -> float | None:
        """0 when there is no usable Retry-After; None when it is beyond the cap."""
        if response.status not in RETRY_AFTER_STATUSES:
            return 0.0
        header = response.headers.get(b"Retry-After")
        if header is None:
            return 0.0
        seconds = retry_after_seconds(header)
        if seconds is None:
            self._stats.inc_value(RETRY_AFTER_INVALID)
            log.info("Unreadable Retry-After %r from %s; backing off instead",
                     header, request.url)
            return 0.0
        if seconds > self.retry_after_max:
            self._stats.inc_value(RETRY_AFTER_TOO_LONG)
            log.warning("Gave up %s: HTTP %d with Retry-After %.0f s (over the %.0f s cap)",
                        request.url, response.status, seconds, self.retry_after_max)
            return None
        # A Retry-After of 0 (or a past date) still deserves the smallest polite pause.
        return max(seconds, 0.001)

    def _backoff(self, request: Request) -> float:
        self._stats.inc_value(RETRY_BACKOFF)
        return backoff_seconds(request.meta.get("retry_times", 0), self.backoff_base,
                               self.backoff_max)

    @staticmethod
    async def _wait(seconds: float, request: Request) -> None:
        if seconds > 0:
            log.debug("Waiting %.2f s before retrying %s", seconds, request.url)
            await sleep(seconds)


class RedirectLoopMiddleware:
    """Stops a redirect that leads back to a URL already visited in the same chain.

    Scrapy's RedirectMiddleware would follow it until the duplicate filter silently drops
    it; here the page is counted (``pages/redirect_loop``) and ignored. A chain that never
    loops but exceeds ``REDIRECT_MAX_TIMES`` is counted as ``pages/too_many_redirects``.
    Must sit after RedirectMiddleware (order above 600) to see the 3xx response first.
    """

    def __init__(self, stats: StatsCollector, max_redirects: int) -> None:
        self.stats = stats
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Response:
        location = response.headers.get(b"Location")
        if (response.status not in _REDIRECT_STATUSES or location is None
                or request.meta.get("dont_redirect", False)):
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            self.stats.inc_value(REDIRECT_LOOP)
            log.warning("Skipped %s: redirect loop (%s)", chain[0], " -> ".join([*chain, target]))
            raise IgnoreRequest("redirect loop")
        if request.meta.get("redirect_times", 0) >= self.max_redirects:
            self.stats.inc_value(TOO_MANY_REDIRECTS)
            log.warning("Skipped %s: more than %d redirects", chain[0], self.max_redirects)
            raise IgnoreRequest("max redirections reached")
        return response


class DownloadFailureStatsMiddleware:
    """Counts pages whose download failed for good (after RetryAfterMiddleware gave up).

    Sits before the retry middleware (order below 550), so it only sees an exception once
    no retry is left. The exception still reaches the request's errback (or Scrapy's log).
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadFailureStatsMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_exception(self, request: Request, exception: Exception,
                          spider: Any = None) -> None:
        if isinstance(exception, IgnoreRequest):
            return  # robots.txt and redirect limits are counted where they are decided
        if isinstance(exception, DownloadCancelledError) and "max size" in str(exception):
            self.stats.inc_value(TOO_LARGE)
            log.warning("Skipped %s: larger than the download size cap", request.url)
            return
        self.stats.inc_value(DOWNLOAD_FAILED)
        log.warning("Skipped %s: download failed (%s: %s)", request.url,
                    type(exception).__name__, str(exception).splitlines()[0] if str(exception)
                    else "no message")
