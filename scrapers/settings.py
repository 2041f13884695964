"""Scrapy settings for the leadtrends crawlers.

Defaults are polite enough for real sites; the runner overrides politeness per source
(a loopback sample board needs no delay). Every value here can be overridden with
``-s NAME=VALUE``.
"""

from __future__ import annotations

import os

BOT_NAME = "leadtrends"

SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

ADDONS: dict[str, int] = {}

# Identify ourselves honestly so site owners can see who crawls and how to reach us.
_CONTACT = os.environ.get("LEADTRENDS_CONTACT", "").strip()
USER_AGENT = (
    "leadtrends/0.1 (+https://github.com/leadtrends/leadtrends; research crawler"
    + (f"; contact: {_CONTACT}" if _CONTACT else "")
    + ")"
)

ROBOTSTXT_OBEY = True

# Politeness for real sites: at most two parallel requests and a one-second base delay
# per site, with AutoThrottle backing off further when a site slows down.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # +-50 %, so requests do not arrive in lockstep
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30

# 429 and 5xx are usually transient on careers sites and ATS APIs.
RETRY_ENABLED = True
RETRY_TIMES = 2
# A page that still fails is counted in the stats; it is not an error of the crawl itself.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Retries wait: a 429/503's Retry-After if it is at most LEADTRENDS_RETRY_AFTER_MAX seconds
# (beyond that the page is given up and counted), else exponential backoff from
# LEADTRENDS_RETRY_BACKOFF_BASE seconds, doubling per retry up to LEADTRENDS_RETRY_BACKOFF_MAX.
LEADTRENDS_RETRY_AFTER_MAX = 120.0
LEADTRENDS_RETRY_BACKOFF_BASE = 1.0
LEADTRENDS_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.RetryAfterMiddleware": 550,
    # Below the retry middleware: sees a download error only once no retry is left.
    "scrapers.middlewares.DownloadFailureStatsMiddleware": 540,
    # Above RedirectMiddleware (600): sees a 3xx response before it is followed.
    "scrapers.middlewares.RedirectLoopMiddleware": 610,
}

# An advert page is a few hundred kB at most; anything far larger is not one.
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 1024 * 1024

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Unattended batch crawls need no live code-execution endpoint (on by default in 2.19).
REMOTE_CONTROL_ENABLED = False
HTTPCACHE_ENABLED = False

# TWISTED_REACTOR keeps Scrapy's default (the asyncio reactor). Scrapy 2.19 has a single
# request fingerprinter implementation, so REQUEST_FINGERPRINTER_IMPLEMENTATION is gone.
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "scrapers.pipelines.ValidatePostingPipeline": 100,
    "scrapers.pipelines.JsonLinesOutputPipeline": 900,
}
EXTENSIONS = {
    "scrapers.crawl_stats.CrawlStatsFile": 900,
}

# Scrapy's in-memory scheduler and duplicate filter, and no JOBDIR: `[crawl] frontier` in
# sources.toml swaps in a Redis frontier shared by several crawl processes instead
# (SCHEDULER, DUPEFILTER_CLASS, REDIS_URL, ... per source: see scrapers/frontier.py). A
# process whose entry there is older than this many seconds is taken to be dead.
LEADTRENDS_FRONTIER_STALE_SECONDS = 30.0

# Where the pipelines write; unset means "do not write" (e.g. an ad hoc `scrapy crawl -O`).
LEADTRENDS_OUTPUT: str | None = None
LEADTRENDS_STATS: str | None = None
