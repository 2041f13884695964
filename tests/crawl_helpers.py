"""Helpers shared by tests that crawl a test server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import TypeVar

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from scrapers.runner import CrawlResult

Server = TypeVar("Server", bound=HTTPServer)


class QuietHandler(BaseHTTPRequestHandler):
    """A test server's handler: ``_send`` a whole response; no access log on stderr."""

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean


@contextmanager
def serving(httpd: Server) -> Iterator[Server]:
    """Serve ``httpd`` from a background thread until the block ends."""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def crawled_postings(result: CrawlResult) -> dict[str, Posting]:
    """The crawl's output by source id; every record must be a valid Posting."""
    skipped: Counter[str] = Counter()
    postings = {p.source_id: p for p in read_models(result.output, Posting, skipped)}
    assert not skipped, "the crawl wrote records the model rejects"
    return postings
