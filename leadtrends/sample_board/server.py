"""Serves a generated board over real HTTP on loopback, counting every request path."""

from __future__ import annotations

import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

from leadtrends.sample_board.generator import SampleBoard
from leadtrends.sample_board.render import (
    CONTENT_QUERY,
    HTML,
    JSON,
    greenhouse_not_found,
    not_found_html,
)

_GREENHOUSE_LISTING = re.compile(r"^/v1/boards/[^/]+/jobs/?$")


class _BoardHTTPServer(ThreadingHTTPServer):
    # A crawler at concurrency 16-32 opens connections faster than the default backlog of 5.
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True

    pages: dict[str, tuple[str, bytes]]
    hits: Counter[str]
    hits_lock: threading.Lock


class _Handler(BaseHTTPRequestHandler):
    server: _BoardHTTPServer
    protocol_version = "HTTP/1.1"
    # Idle keep-alive connections release their thread instead of waiting forever.
    timeout = 30

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        parts = urlsplit(self.path)
        path = parts.path or "/"
        with self.server.hits_lock:
            self.server.hits[path] += 1
        key = path.rstrip("/") if _GREENHOUSE_LISTING.match(path) else path
        if _GREENHOUSE_LISTING.match(path) and _wants_content(parts.query):
            key += CONTENT_QUERY
        found = self.server.pages.get(key)
        if found is None:
            status = 404
            content_type, body = ((JSON, greenhouse_not_found()) if path.startswith("/v1/")
                                  else (HTML, not_found_html(path)))
        else:
            status = 200
            content_type, body = found
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        # Quiet by design: tests and crawls would otherwise flood stderr.
        return


def _wants_content(query: str) -> bool:
    values = parse_qs(query).get("content", [])
    return any(value.lower() in ("true", "1") for value in values)


class SampleBoardServer:
    """The sample board on ``http://127.0.0.1:<free port>``; use as a context manager.

    The socket is bound and serving as soon as the object exists, so ``base_url`` is
    usable straight away; ``stop()`` (or leaving the ``with`` block) closes the port.
    """

    def __init__(self, board: SampleBoard, host: str = "127.0.0.1", port: int = 0) -> None:
        self.board = board
        self._httpd = _BoardHTTPServer((host, port), _Handler)
        bound_host, bound_port = self._httpd.server_address[:2]
        self.host = str(bound_host)
        self.port = int(bound_port)
        self.base_url = f"http://{self.host}:{self.port}"
        self.sitemap_url = f"{self.base_url}/sitemap.xml"
        self.robots_url = f"{self.base_url}/robots.txt"
        self.greenhouse_api_base = self.base_url
        self.hits: Counter[str] = Counter()
        self._httpd.pages = board.pages(self.base_url)
        self._httpd.hits = self.hits
        self._httpd.hits_lock = threading.Lock()
        self._stopped = False
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name=f"sample-board-{self.port}", daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
