"""Several crawl processes share one frontier in Redis (``[crawl] frontier``, scrapy-redis).

The crawl test uses real parts only: Debian's ``redis-server`` on a free loopback port, the
synthetic sample board over HTTP on 127.0.0.1 and ``scrapy crawl`` subprocesses started
by :func:`scrapers.runner.run_spider`, two of them at once.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import redis
from crawl_helpers import QuietHandler, crawled_postings, serving
from scrapy import Request
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from scrapy_redis.dupefilter import RFPDupeFilter

from leadtrends.sample_board import SampleBoardServer, generate_board
from leadtrends.sources import SourcesError, parse_sources
from scrapers.frontier import (
    SharedFrontierScheduler,
    frontier_keys,
    frontier_settings,
    main,
    reset_frontier,
)
from scrapers.runner import CrawlResult, crawl_command, run_spider

REDIS_SERVER = shutil.which("redis-server")
CRAWL_TIMEOUT = 120.0
ADVERTS = 500
SOURCE = "shared-site"
URL = "redis://127.0.0.1:6379/0"
DEAD_WORKER = b"crashed-host:4242"


# --- configuration -------------------------------------------------------------------------

def test_the_crawl_frontier_setting_maps_to_scrapy_redis_settings_per_source():
    config = parse_sources(f'[crawl]\nfrontier = "{URL}"\n'
                           '[[source]]\nname = "acme-site"\ntype = "jsonld"\n'
                           'sitemap_urls = ["https://acme.example/sitemap.xml"]\n')
    assert config.crawl.source_settings("acme-site") == {
        "SCHEDULER": "scrapers.frontier.SharedFrontierScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": "leadtrends:acme-site:requests",
        "SCHEDULER_DUPEFILTER_KEY": "leadtrends:acme-site:dupefilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        "REDIS_URL": URL,
        "LEADTRENDS_FRONTIER_WORKERS_KEY": "leadtrends:acme-site:workers",
    }
    # Two sources of one spider never share a queue or a duplicate filter.
    other = config.crawl.source_settings("globex-site")
    assert other["SCHEDULER_QUEUE_KEY"] == "leadtrends:globex-site:requests"
    assert other["SCHEDULER_DUPEFILTER_KEY"] == "leadtrends:globex-site:dupefilter"
    # Opt-in: without the key a crawl keeps Scrapy's own in-memory scheduler.
    assert parse_sources("[crawl]\n").crawl.source_settings("acme-site") == {}


def test_the_settings_survive_the_crawl_command_line():
    # run_spider passes settings as ``-s NAME=TEXT``; Scrapy must read them back the same.
    command = crawl_command("jobposting", SOURCE, Path("out.jsonl"), Path("stats.json"), {},
                            frontier_settings(URL, SOURCE))
    settings = Settings(dict(command[i + 1].split("=", 1) for i, arg in enumerate(command)
                             if arg == "-s"))
    assert settings.getbool("SCHEDULER_PERSIST") is True
    assert settings.getbool("SCHEDULER_FLUSH_ON_START") is False
    assert settings.get("REDIS_URL") == URL


def test_a_configured_source_is_crawled_with_the_shared_frontier():
    from leadtrends.stages import source_specs

    config = parse_sources(f'[crawl]\nfrontier = "{URL}"\n'
                           '[[source]]\nname = "s1"\ntype = "arbeitnow"\n'
                           'politeness = { download_delay = 2.5 }\n')
    with source_specs(config) as (spec,):
        assert spec.settings == {**frontier_settings(URL, "s1"), "DOWNLOAD_DELAY": 2.5}


@pytest.mark.parametrize(("url", "message"), [
    ("http://127.0.0.1:6379/0", "must be a redis:// or rediss:// URL"),
    ("127.0.0.1:6379", "must be a redis:// or rediss:// URL"),
    ("redis://", "names no host"),
    ("redis://127.0.0.1:99999/0", "is not a URL"),
    ("redis://127.0.0.1:6379/frontier", "the path must be a database number"),
])
def test_a_bad_frontier_url_is_a_one_line_config_error(url, message):
    with pytest.raises(SourcesError) as caught:
        parse_sources(f'[crawl]\nfrontier = "{url}"\n', origin="my.toml")
    text = str(caught.value)
    assert text.startswith("my.toml: crawl.frontier: ") and message in text
    assert "\n" not in text and "Value error" not in text


def test_a_password_in_a_bad_frontier_url_is_not_repeated():
    with pytest.raises(SourcesError) as caught:
        parse_sources('[crawl]\nfrontier = "redis://crawler:s3cret@10.0.0.5:6379/x"\n')
    assert "s3cret" not in str(caught.value) and "crawler:***@10.0.0.5" in str(caught.value)


def test_jobdir_and_a_shared_frontier_exclude_each_other():
    crawler = get_crawler(settings_dict={**frontier_settings(URL, SOURCE), "JOBDIR": "jobs"})
    with pytest.raises(ValueError, match="JOBDIR and a shared frontier exclude each other"):
        SharedFrontierScheduler.from_crawler(crawler)


def test_an_unreachable_frontier_is_a_clear_error():
    url = f"redis://crawler:s3cret@127.0.0.1:{_free_port()}/0"
    crawler = get_crawler(settings_dict=frontier_settings(url, SOURCE))
    with pytest.raises(ConnectionError, match="is unreachable") as caught:
        SharedFrontierScheduler.from_crawler(crawler)
    assert "s3cret" not in str(caught.value)


# --- a real Redis --------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throw-away redis-server on 127.0.0.1 (no persistence), stopped by its PID."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    port = _free_port()
    log = tmp_path / "redis.log"
    with log.open("w") as log_handle:
        process = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--dir", str(tmp_path)],
            stdin=subprocess.DEVNULL, stdout=log_handle, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 15
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start: {log.read_text()[-500:]}")
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_reset_clears_a_left_over_frontier(redis_url, capsys):
    client = redis.Redis.from_url(redis_url)
    keys = frontier_keys(SOURCE)
    client.zadd(keys["requests"], {b"left-over request": 0})
    client.sadd(keys["dupefilter"], "fingerprint")
    assert main(["status", redis_url, SOURCE]) == 0
    assert "'queued': 1, 'seen': 1" in capsys.readouterr().out
    assert main(["reset", redis_url, SOURCE]) == 0
    assert client.exists(*keys.values()) == 0
    assert reset_frontier(redis_url, SOURCE) == 0


# --- two crawl processes, one frontier -----------------------------------------------------

class SitemapGate(ThreadingHTTPServer):
    """Serves the board's /sitemap.xml once ``ready()`` holds (or after 20 s), else 404.

    The crawl processes start the same spider, so one of them gets the sitemap and the
    other has nothing to do until the adverts it lists are queued. Holding the sitemap back
    until both processes have joined the frontier (their entries in the workers hash) keeps
    a fast first process from finishing the board before a slow second one has started.
    """

    daemon_threads = True

    def __init__(self, sitemap_url: str, ready: Callable[[], bool]) -> None:
        super().__init__(("127.0.0.1", 0), _GateHandler)
        self.upstream = sitemap_url
        self.ready = ready
        self.opened_by: str | None = None

    @property
    def sitemap_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sitemap.xml"

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 20  # within the crawl's 30 s DOWNLOAD_TIMEOUT
        while time.monotonic() < deadline:
            if self.ready():
                self.opened_by = "ready"
                return
            time.sleep(0.05)
        self.opened_by = "timeout"


class _GateHandler(QuietHandler):
    server: SitemapGate

    def do_GET(self) -> None:
        if self.path != "/sitemap.xml":
            self._send(404, b"not found", "text/plain")
            return
        self.server.wait_until_ready()
        with urllib.request.urlopen(self.server.upstream, timeout=10) as response:
            self._send(200, response.read(), "application/xml")



def _advert_hits(hits: Counter[str]) -> Counter[str]:
    return Counter({path: n for path, n in hits.items() if path.startswith("/jobs/")})


def test_two_crawl_processes_share_the_frontier_and_split_the_work(redis_url, tmp_path):
    board = generate_board(seed=2026, n_adverts=ADVERTS)
    keys = frontier_keys(SOURCE)
    client = redis.Redis.from_url(redis_url)
    with SampleBoardServer(board) as site:
        # What one ordinary crawl (Scrapy's in-memory scheduler) gets.
        single = run_spider("jobposting", SOURCE, tmp_path / "single.jsonl",
                            tmp_path / "single.stats.json", {"sitemap_url": site.sitemap_url},
                            timeout=CRAWL_TIMEOUT)
        expected = {p.source_id: (p.url, p.title) for p in crawled_postings(single).values()}
        single_hits = _advert_hits(site.hits)
        assert len(expected) > 100 and set(single_hits.values()) == {1}

        gate = SitemapGate(site.sitemap_url, lambda: len(
            [w for w in client.hkeys(keys["workers"]) if w != DEAD_WORKER]) >= 2)
        # What a killed crawl leaves: a process that stopped beating, a queued request and
        # this crawl's sitemap in the duplicate filter. A new crawl must start afresh.
        client.hset(keys["workers"], DEAD_WORKER, "busy 1")
        client.zadd(keys["requests"], {b"a request of the killed crawl": 0})
        client.sadd(keys["dupefilter"],
                    RFPDupeFilter(client, "-").request_fingerprint(Request(gate.sitemap_url)))
        results: dict[str, CrawlResult] = {}
        errors: list[BaseException] = []

        def crawl(worker: str) -> None:
            try:
                results[worker] = run_spider(
                    "jobposting", SOURCE, tmp_path / f"{worker}.jsonl",
                    tmp_path / f"{worker}.stats.json", {"sitemap_url": gate.sitemap_url},
                    settings=frontier_settings(redis_url, SOURCE), timeout=CRAWL_TIMEOUT)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
                errors.append(exc)

        before = Counter(site.hits)
        with serving(gate):
            threads = [threading.Thread(target=crawl, args=(w,)) for w in ("first", "second")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        shared_hits = _advert_hits(site.hits - before)

    assert not errors, errors
    assert gate.opened_by == "ready", "both processes should have joined the frontier"
    outputs = {w: {p.source_id: (p.url, p.title) for p in crawled_postings(r).values()}
               for w, r in results.items()}

    # Together they got exactly what one crawl gets...
    assert outputs["first"] | outputs["second"] == expected
    # ...no posting is in both outputs, and no advert page was downloaded twice...
    assert not set(outputs["first"]) & set(outputs["second"])
    assert not {u for u, _ in outputs["first"].values()} & {u for u, _ in outputs["second"].values()}
    assert shared_hits == single_hits
    # ...and each process did part of it, taking its requests from the shared queue.
    for worker, result in results.items():
        assert result.stats["finish_reason"] == "finished", worker
        assert result.items_scraped > 0, f"{worker} crawled nothing"
        assert result.stats.get("scheduler/dequeued/redis", 0) > 0, worker
    assert sum(r.items_scraped for r in results.values()) == single.items_scraped
    # The last process to finish cleared the frontier, so the next crawl starts afresh.
    assert client.exists(*keys.values()) == 0
