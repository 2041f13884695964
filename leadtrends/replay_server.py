"""Serves saved API responses over real HTTP on 127.0.0.1, so connectors run offline.

A directory holds one folder per service, each with a ``routes.json`` listing what to
answer::

    [{"path": "/v0/postings/acme", "query": {"mode": "json"}, "file": "acme.json",
      "status": 200, "content_type": "application/json", "headers": {"X-Foo": "1"},
      "require_headers": {"Authorization-Key": "test-key"}}]

A request matches a route when the path is equal and every listed query parameter has
the listed value (other parameters are ignored; the route listing most parameters wins).
``require_headers`` answers 401 when a header is missing or different. ``__BASE__`` in a
body is replaced by the server's base URL (pages link to each other). Unknown paths get a
404 JSON body. Every request is recorded (``requests``) so tests can check what a
spider asked for, and with which headers.

    python -m leadtrends.replay_server tests/files/sources --port 8766
"""

from __future__ import annotations

import argparse
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from leadtrends.errors import LeadtrendsError


@dataclass(frozen=True)
class Route:
    path: str
    file: Path | None
    query: dict[str, str] = field(default_factory=dict)
    status: int = 200
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    require_headers: dict[str, str] = field(default_factory=dict)

    def matches(self, path: str, query: dict[str, str]) -> bool:
        return path == self.path and all(query.get(k) == v for k, v in self.query.items())


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


def load_routes(root: Path) -> list[Route]:
    """Every ``*/routes.json`` under ``root`` (and ``root/routes.json`` itself)."""
    routes: list[Route] = []
    files = sorted(root.glob("*/routes.json")) + sorted(root.glob("routes.json"))
    if not files:
        raise LeadtrendsError(f"no routes.json under {root}")
    for routes_file in files:
        try:
            entries = json.loads(routes_file.read_text(encoding="utf-8"))
            for entry in entries:
                body = entry.pop("file", None)
                routes.append(Route(file=routes_file.parent / body if body else None, **entry))
        except (ValueError, TypeError) as exc:
            raise LeadtrendsError(f"{routes_file}: not a list of routes ({exc})") from None
    return routes


class _ReplayHTTPServer(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True
    routes: list[Route]
    base_url: str
    requests: list[RecordedRequest]
    lock: threading.Lock


class _Handler(BaseHTTPRequestHandler):
    server: _ReplayHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 30

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        with self.server.lock:
            self.server.requests.append(RecordedRequest(parts.path, query, dict(self.headers)))
        candidates = [r for r in self.server.routes if r.matches(parts.path, query)]
        if not candidates:
            self._send(404, "application/json", b'{"error": "not found"}', {})
            return
        route = max(candidates, key=lambda r: len(r.query))
        for name, value in route.require_headers.items():
            if self.headers.get(name) != value:
                self._send(401, "application/json", b'{"error": "unauthorized"}', {})
                return
        body = route.file.read_bytes() if route.file else b""
        body = body.replace(b"__BASE__", self.server.base_url.encode())
        self._send(route.status, route.content_type, body, route.headers)

    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


class ReplayServer:
    """Context manager: serving from creation until ``stop()`` / the end of the ``with``."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self._httpd = _ReplayHTTPServer((host, port), _Handler)
        self._httpd.routes = load_routes(Path(root))
        self._httpd.requests = []
        self._httpd.lock = threading.Lock()
        self.base_url = f"http://{host}:{self._httpd.server_address[1]}"
        self._httpd.base_url = self.base_url
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._httpd.lock:
            return list(self._httpd.requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve saved API responses on loopback.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    with ReplayServer(args.root, args.host, args.port) as server:
        print(f"Replaying {args.root} at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
