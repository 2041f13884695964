"""Run one spider in a child process and summarise what it did.

Scrapy's Twisted reactor cannot be restarted inside a process, so every crawl runs as
``python -m scrapy crawl`` in its own subprocess; a Prefect task (or a test) can then
crawl any number of times from one long-lived process.
"""

from __future__ import annotations

import ctypes
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from leadtrends.errors import LeadtrendsError
from scrapers.crawl_stats import (
    dropped_counts,
    failure_counts,
    repaired_counts,
    skipped_page_counts,
)

# The directory holding scrapy.cfg and the ``scrapers`` package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "scrapers.settings"

# A loopback server (the sample board, a test fixture) needs no politeness delay;
# AutoThrottle stays on so the crawl still adapts if the server struggles.
LOOPBACK_SETTINGS: dict[str, object] = {
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 0.01,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 16.0,
    "LEADTRENDS_RETRY_BACKOFF_BASE": 0.1,
}

PR_SET_PDEATHSIG = 1  # linux/prctl.h

_ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|^[\w.]*(Error|Exception|Exit)\b")


class CrawlError(LeadtrendsError):
    """A crawl subprocess failed or produced no output file."""


@dataclass(frozen=True)
class CrawlResult:
    source: str
    output: Path
    items_scraped: int
    dropped: dict[str, int] = field(default_factory=dict)
    pages_skipped: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    elapsed_seconds: float = 0.0
    repaired: dict[str, int] = field(default_factory=dict)
    # the ``since`` an incremental crawl asked the source for; None: the full listing
    since: str | None = None


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def politeness_for(spider_args: Mapping[str, str]) -> dict[str, object]:
    """Loopback overrides when every URL the spider is given points at this machine, else none.

    Real sites keep the polite defaults from ``scrapers.settings``.
    """
    urls = [part.strip() for value in spider_args.values()
            for part in str(value).split(",") if "://" in part]
    if urls and all(is_loopback_url(url) for url in urls):
        return dict(LOOPBACK_SETTINGS)
    return {}


def _setting_text(value: object) -> str:
    # ``-s`` values arrive as strings; Scrapy's getdict/getlist read JSON for containers.
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value)
    return str(value)


def crawl_command(
    spider: str,
    source: str,
    output: Path,
    stats_path: Path,
    spider_args: Mapping[str, str],
    settings: Mapping[str, object],
) -> list[str]:
    """The ``scrapy crawl`` command line for one run (without the log redirection)."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"source={source}"]
    for name, value in spider_args.items():
        command += ["-a", f"{name}={value}"]
    merged: dict[str, object] = {
        **settings,
        "LEADTRENDS_OUTPUT": str(output),
        "LEADTRENDS_STATS": str(stats_path),
    }
    for name, value in merged.items():
        command += ["-s", f"{name}={_setting_text(value)}"]
    return command


def last_error_line(log_file: Path) -> str:
    """The last ERROR/CRITICAL or exception line of a crawl log, else its last line."""
    try:
        lines = [line.strip() for line in
                 log_file.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return "no log written"
    lines = [line for line in lines if line]
    if not lines:
        return "empty log"
    errors = [line for line in lines if _ERROR_LINE.search(line)]
    return (errors or lines)[-1]


def _die_with_parent() -> None:
    """In the crawl child: be killed when the process that started it dies (Linux).

    A run killed with SIGKILL cannot stop its crawl; without this the orphaned crawl would
    go on writing while the re-run crawls the same source. (Strictly the signal follows the
    thread that started the child, which ``subprocess.run`` blocks until the child ends.)
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def run_spider(
    spider: str,
    source: str,
    output: Path,
    stats_path: Path,
    spider_args: dict[str, str] | None = None,
    settings: dict[str, object] | None = None,
    log_file: Path | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
) -> CrawlResult:
    """Crawl with ``spider`` in a subprocess, writing postings to ``output`` (JSON Lines).

    ``spider_args`` become ``-a name=value`` and ``settings`` become ``-s NAME=VALUE``
    (applied over the loopback politeness overrides, see :func:`politeness_for`). The
    crawl's log goes to ``log_file`` (default: ``output`` with suffix ``.log``), never to
    the caller's terminal. ``env`` adds environment variables for the crawl process (e.g.
    ``LEADTRENDS_CONTACT`` for the User-Agent). Raises :class:`CrawlError` when the process fails, times out,
    or finishes without writing a new output file.
    """
    spider_args = dict(spider_args or {})
    output = Path(output).resolve()
    stats_path = Path(stats_path).resolve()
    log_file = Path(log_file).resolve() if log_file else output.with_suffix(".log")
    for path in (output, stats_path, log_file):
        path.parent.mkdir(parents=True, exist_ok=True)
    # A stats file left by an earlier run must not be mistaken for this run's.
    stats_path.unlink(missing_ok=True)
    previous_output = _file_identity(output)

    command = crawl_command(spider, source, output, stats_path, spider_args,
                            {**politeness_for(spider_args), **(settings or {})})
    env = {**os.environ, **(env or {}), "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)

    started = time.monotonic()
    with log_file.open("w", encoding="utf-8") as log_handle:
        try:
            completed = subprocess.run(
                command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                stdout=log_handle, stderr=subprocess.STDOUT, timeout=timeout, check=False,
                preexec_fn=_die_with_parent,
            )
        except subprocess.TimeoutExpired:
            raise CrawlError(f"spider {spider!r} (source {source!r}) timed out after "
                             f"{timeout:g} s; log: {log_file}") from None
    elapsed = time.monotonic() - started

    if completed.returncode != 0:
        raise CrawlError(f"spider {spider!r} (source {source!r}) exited with code "
                         f"{completed.returncode}: {last_error_line(log_file)} (log: {log_file})")
    current_output = _file_identity(output)
    if current_output is None or current_output == previous_output:
        raise CrawlError(f"spider {spider!r} (source {source!r}) wrote no output file "
                         f"{output}: {last_error_line(log_file)} (log: {log_file})")

    stats = _read_stats(stats_path, spider, log_file)
    failures = failure_counts(stats)
    if not stats.get("item_scraped_count") and failures:
        # a source that answered nothing but errors is down, not empty
        raise CrawlError(f"spider {spider!r} (source {source!r}) got no postings, only errors "
                         f"({', '.join(f'{k} {v}' for k, v in sorted(failures.items()))}); "
                         f"log: {log_file}")
    return CrawlResult(
        source=source,
        output=output,
        items_scraped=int(stats.get("item_scraped_count", 0)),
        dropped=dropped_counts(stats),
        pages_skipped=skipped_page_counts(stats),
        stats=stats,
        elapsed_seconds=elapsed,
        repaired=repaired_counts(stats),
        since=spider_args.get("since"),
    )


def _read_stats(stats_path: Path, spider: str, log_file: Path) -> dict[str, Any]:
    try:
        stats = json.loads(stats_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CrawlError(f"spider {spider!r} wrote no stats file {stats_path} "
                         f"(log: {log_file})") from None
    except json.JSONDecodeError as exc:
        raise CrawlError(f"spider {spider!r} wrote an unreadable stats file {stats_path}: "
                         f"{exc}") from None
    if not isinstance(stats, dict):
        raise CrawlError(f"spider {spider!r} wrote a stats file that is not a JSON object: "
                         f"{stats_path}")
    return stats
