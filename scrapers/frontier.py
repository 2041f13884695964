"""An opt-in crawl frontier in Redis, shared by several crawl processes (scrapy-redis).

With ``frontier = "redis://host:6379/0"`` in the ``[crawl]`` table of sources.toml, every
crawl of a source keeps its request queue and its duplicate filter in Redis instead of in
memory, so any number of ``scrapy crawl`` processes, on any number of machines, crawl one
source together: each request is downloaded by one of them, and a URL one of them has
scheduled is never scheduled again by another. Each process still writes its own output,
stats and log files. See docs/SCALING.md.

:func:`frontier_settings` is the whole mapping from the URL to Scrapy settings. Keys are
per source (``leadtrends:<source>:requests``, ``:dupefilter``, ``:workers``), so sources
never mix, even two sources crawled by the same spider.

scrapy-redis alone stops a process as soon as the shared queue is empty, which at the
start of a crawl (one process has the sitemap, the others nothing yet) means the others
quit before there is anything to share. :class:`SharedFrontierScheduler` therefore:

* on start, joins the crawl in progress if another process on the frontier is busy, else
  clears the frontier and starts a new crawl (an interrupted crawl's leftovers are not
  resumed: its postings went to output files the new crawl replaces);
* when idle, stays open while another process is still busy (it may yet queue requests);
* when the last process is done, clears the frontier.

Processes keep "busy"/"idle" entries with the Redis server's time (not the machines') in
the workers hash, refreshed every second; an entry older than
``LEADTRENDS_FRONTIER_STALE_SECONDS`` (30) is a dead process. To look at a frontier, or
clear it by hand once every process is stopped:

    python -m scrapers.frontier status redis://127.0.0.1:6379/0 my-source
    python -m scrapers.frontier reset redis://127.0.0.1:6379/0 my-source
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import socket
import sys
from typing import Any
from urllib.parse import urlsplit

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

logger = logging.getLogger(__name__)

KEY_PREFIX = "leadtrends"
SCHEMES = ("redis", "rediss")
EXAMPLE_URL = "redis://127.0.0.1:6379/0"
# A process that has not refreshed its entry for this long is taken to be dead.
STALE_AFTER_SECONDS = 30.0
HEARTBEAT_SECONDS = 1.0

_SOURCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

# Lua, run atomically by Redis. KEYS: workers hash, request queue, dupefilter.
# ARGV: this worker's id, stale-after seconds (for _MARK: "busy" or "idle").
_OTHERS_BUSY = """
local now = tonumber(redis.call('TIME')[1])
local busy = 0
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  if entries[i] ~= ARGV[1] then
    local state, seen = string.match(entries[i + 1], '^(%a+) (%d+)$')
    if state == 'busy' and tonumber(seen) >= now - tonumber(ARGV[2]) then busy = busy + 1 end
  end
end
"""

# Join the crawl in progress, or clear the frontier and start one; how many others are busy.
_JOIN = _OTHERS_BUSY + """
if busy == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
redis.call('HSET', KEYS[1], ARGV[1], 'busy ' .. now)
return busy
"""

_MARK = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. redis.call('TIME')[1])
return 1
"""

# Mark this worker idle; -1 if requests are queued, else how many others are busy. At 0
# the crawl is over and the frontier is cleared, in the same step.
_FINISH = _OTHERS_BUSY + """
redis.call('HSET', KEYS[1], ARGV[1], 'idle ' .. now)
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
if busy > 0 then return busy end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 0
"""


def check_frontier_url(url: str) -> str:
    """``url`` if it names a Redis database (``redis://`` or ``rediss://``), else ValueError
    with a one-line reason."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"frontier {_safe(text)!r} is not a URL ({exc}); "
                         f"expected e.g. {EXAMPLE_URL}") from None
    if parts.scheme not in SCHEMES:
        raise ValueError(f"frontier must be a redis:// or rediss:// URL such as {EXAMPLE_URL}, "
                         f"not {_safe(text)!r}")
    if not parts.hostname:
        raise ValueError(f"frontier {_safe(text)!r} names no host; expected e.g. {EXAMPLE_URL}")
    if port == 0:
        raise ValueError(f"frontier {_safe(text)!r}: port 0 is not a Redis port")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ValueError(f"frontier {_safe(text)!r}: the path must be a database number "
                         f"(/0, /1, ...), not /{database}")
    if parts.fragment:
        raise ValueError(f"frontier {_safe(text)!r}: a Redis URL has no #fragment")
    return text


def _safe(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and logs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}:***@{netloc}").geturl()


def frontier_keys(source: str) -> dict[str, str]:
    """The Redis keys of ``source``'s frontier."""
    if not _SOURCE.match(source):
        raise ValueError(f"source name {source!r} cannot name a frontier key")
    return {part: f"{KEY_PREFIX}:{source}:{part}"
            for part in ("requests", "dupefilter", "workers")}


def frontier_settings(url: str, source: str) -> dict[str, object]:
    """The Scrapy settings that make a crawl of ``source`` use the frontier at ``url``."""
    keys = frontier_keys(source)
    return {
        "SCHEDULER": "scrapers.frontier.SharedFrontierScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": keys["requests"],
        "SCHEDULER_DUPEFILTER_KEY": keys["dupefilter"],
        # One process finishing must not clear what the others still work on: the last
        # one clears it (SharedFrontierScheduler), an interrupted crawl leaves it to resume.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        "REDIS_URL": check_frontier_url(url),
        "LEADTRENDS_FRONTIER_WORKERS_KEY": keys["workers"],
    }


class SharedFrontierScheduler(Scheduler):
    """scrapy-redis's scheduler, plus: join the crawl in progress or start a new one,
    stay open while another process may still queue requests, and clear the frontier
    when the last process is done (see the module docstring).

    An idle process (nothing queued, nothing in flight) ends only if no other process is
    busy; the check and the clearing are one Lua script, so no two processes can both
    miss work. A waiting process marks itself busy before it takes a request, so a
    process deciding whether the crawl is over sees the request queued or its taker busy.
    """

    crawler: Any
    url: str
    worker_id: str
    workers_key: str
    stale_after: float
    _waiting: bool
    _heartbeat: task.LoopingCall | None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedFrontierScheduler:
        settings = crawler.settings
        if settings.get("JOBDIR"):
            raise ValueError("JOBDIR and a shared frontier exclude each other: the request "
                             "queue and the duplicate filter live in Redis; unset JOBDIR")
        try:
            scheduler = super().from_crawler(crawler)
        except redis.RedisError as exc:
            raise ConnectionError(f"shared frontier {_safe(settings.get('REDIS_URL') or '')} "
                                  f"is unreachable: {exc}") from None
        scheduler.crawler = crawler
        scheduler.url = settings.get("REDIS_URL") or ""
        scheduler.worker_id = f"{socket.gethostname()}:{os.getpid()}"
        scheduler.workers_key = (settings.get("LEADTRENDS_FRONTIER_WORKERS_KEY")
                                 or f"{scheduler.queue_key}:workers")
        scheduler.stale_after = settings.getfloat("LEADTRENDS_FRONTIER_STALE_SECONDS",
                                                  STALE_AFTER_SECONDS)
        scheduler._waiting = False
        scheduler._heartbeat = None
        crawler.signals.connect(scheduler._spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Any) -> None:
        names = {"spider": spider.name}
        others = self.server.eval(_JOIN, 3, self.workers_key, self.queue_key % names,
                                  self.dupefilter_key % names, self.worker_id,
                                  int(self.stale_after))
        super().open(spider)
        if others:
            logger.info("Shared frontier: joining %d busy crawl process(es), %d requests "
                        "queued", others, len(self.queue))
        else:
            logger.info("Shared frontier: no other process is busy; starting a new crawl")
        self._heartbeat = task.LoopingCall(self._beat)
        self._heartbeat.start(HEARTBEAT_SECONDS, now=False).addErrback(
            lambda failure: logger.warning("Frontier heartbeat stopped: %s",
                                           failure.getErrorMessage()))
        logger.info("Shared frontier %s, queue %s, as worker %s",
                    _safe(self.url), self.queue.key, self.worker_id)

    def close(self, reason: str) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        try:
            self.server.hdel(self.workers_key, self.worker_id)
        except redis.RedisError as exc:
            logger.warning("Could not leave the shared frontier: %s", exc)
        super().close(reason)

    # enqueue_request and next_request are scrapy-redis's, without the ``spider`` argument
    # to the stats calls that Scrapy 2.19 deprecates.
    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if self.stats:
                self.stats.inc_value("dupefilter/filtered")
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        if self._waiting:
            if not len(self.queue):
                return None
            self._waiting = False
            self._mark("busy")
        request = self.queue.pop(self.idle_before_close)
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _mark(self, state: str) -> None:
        self.server.eval(_MARK, 1, self.workers_key, self.worker_id, state)

    def _beat(self) -> None:
        try:
            self._mark("idle" if self._waiting else "busy")
            if self._waiting:
                self._wake_engine()
        except redis.RedisError as exc:
            logger.warning("Shared frontier heartbeat failed: %s", exc)

    def _wake_engine(self) -> None:
        # A waiting process looks at the queue (and whether the crawl is over) every
        # second; else only on the engine's own 5-second heartbeat. The engine has no
        # public "look again now": without its private slot this falls back to that.
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def _spider_idle(self, spider: Any) -> None:
        busy = self.server.eval(_FINISH, 3, self.workers_key, self.queue.key, self.df.key,
                                self.worker_id, int(self.stale_after))
        if busy == 0:
            logger.info("Shared frontier: no process is busy and nothing is queued; "
                        "the crawl is over and the frontier is cleared")
            self._waiting = False
            return
        if not self._waiting:
            logger.info("Shared frontier: waiting while %s",
                        "requests are queued" if busy < 0
                        else f"{busy} other crawl process(es) are busy")
        self._waiting = True
        raise DontCloseSpider


def frontier_status(url: str, source: str) -> dict[str, Any]:
    keys = frontier_keys(source)
    server = redis.Redis.from_url(check_frontier_url(url))
    return {
        "queued": server.zcard(keys["requests"]),
        "seen": server.scard(keys["dupefilter"]),
        "workers": {k.decode(): v.decode() for k, v in server.hgetall(keys["workers"]).items()},
    }


def reset_frontier(url: str, source: str) -> int:
    """Delete ``source``'s frontier (queue, duplicate filter, workers); how many keys existed."""
    server = redis.Redis.from_url(check_frontier_url(url))
    return int(server.delete(*frontier_keys(source).values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.frontier",
                                     description="Inspect or clear a source's shared frontier.")
    parser.add_argument("command", choices=("status", "reset"))
    parser.add_argument("url", help=f"the [crawl] frontier URL, e.g. {EXAMPLE_URL}")
    parser.add_argument("sources", nargs="+", metavar="SOURCE")
    args = parser.parse_args(argv)
    try:
        for source in args.sources:
            if args.command == "status":
                print(source, frontier_status(args.url, source))
            else:
                print(source, "cleared" if reset_frontier(args.url, source) else "was empty")
    except (ValueError, redis.RedisError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
