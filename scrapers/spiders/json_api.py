"""Reusable base for spiders that read a job board's or job site's JSON API.

A vendor spider is a few lines: it builds its first requests in ``start`` with
:meth:`JsonApiSpider.api_request`, reads each answer with :meth:`read_json`, and hands the
records to :meth:`emit` with a pure mapping function (``scrapers/<vendor>.py``) that turns
one record into Posting fields. Everything that can go wrong with a real API is counted
under ``leadtrends/...`` stats and logged, and the crawl goes on:

- a board that does not exist (404) -> ``leadtrends/boards/not_found``
- a board still failing after retries -> ``leadtrends/boards/unreachable``
- a body that is not JSON, or JSON of the wrong shape -> ``leadtrends/dropped/malformed_json``
- a record the mapping cannot read -> ``leadtrends/dropped/unmappable_record``
- the same id twice in one answer -> ``leadtrends/dropped/duplicate_id``
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, TypeVar

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from scrapers.crawl_stats import (
    BOARD_NOT_FOUND,
    BOARD_UNREACHABLE,
    DUPLICATE_ID,
    MALFORMED_JSON,
    UNMAPPABLE_RECORD,
)
from scrapers.items import posting_item
from scrapers.record_fields import MalformedRecord
from scrapers.spider_args import split_list_arg

MapRecord = Callable[[Any], Mapping[str, Any]]
T = TypeVar("T")


class JsonApiSpider(scrapy.Spider):
    """Base for JSON API spiders. Arguments every subclass accepts:

    ``source`` (the Posting.source written on items), ``api_base`` (the service's base URL;
    point it at a local server in tests), ``since`` (ISO date-time of the last successful
    crawl: spiders whose API can filter by date fetch only what changed after it).
    """

    default_api_base: str = ""

    def __init__(self, *args: Any, source: str | None = None, api_base: str | None = None,
                 since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source: str = source or self.name
        self.api_base: str = (api_base or self.default_api_base).rstrip("/")
        if not self.api_base:
            raise ValueError(f"{self.name} spider needs -a api_base=URL")
        try:
            self.since: datetime | None = datetime.fromisoformat(since) if since else None
        except ValueError:
            raise ValueError(f"since must be an ISO date-time, got {since!r}") from None

    @staticmethod
    def list_arg(value: str | list[str] | None, name: str, spider: str) -> list[str]:
        """A required comma-separated argument, e.g. the boards to crawl."""
        values = split_list_arg(value)
        if not values:
            raise ValueError(f"{spider} spider needs -a {name}=VALUE[,VALUE]")
        return values

    def count(self, stat: str, n: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(stat, n)

    def api_request(self, url: str, callback: Callable[..., Any], *, board: str,
                    headers: Mapping[str, str] | None = None, **cb_kwargs: Any) -> scrapy.Request:
        """A GET whose 404 reaches ``callback`` (counted there) and whose failure is counted."""
        return scrapy.Request(
            url, callback=callback, errback=self._request_failed, headers=dict(headers or {}),
            cb_kwargs={"board": board, **cb_kwargs},
            meta={"handle_httpstatus_list": [404], "board": board},
        )

    def _request_failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        board = request.meta.get("board") if request is not None else None
        self.count(BOARD_UNREACHABLE)
        self.logger.warning("%s board %r unreachable: %s", self.name, board,
                            failure.getErrorMessage() or failure.type)

    def read_json(self, response: Response, board: str) -> Any | None:
        """The parsed body, or None (counted and logged) for a 404 or a body that is not JSON."""
        if response.status == 404:
            self.count(BOARD_NOT_FOUND)
            self.logger.warning("%s board %r not found (404 from %s)", self.name, board,
                                response.url)
            return None
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as exc:
            self.malformed(response, board, f"not JSON: {exc}")
            return None

    def read_answer(self, response: Response, board: str,
                    shape: Callable[[Any], T]) -> T | None:
        """``shape(parsed body)``, or None (counted and logged) for a 404, a body that is not
        JSON, or JSON without the documented shape (``shape`` raises ValueError)."""
        payload = self.read_json(response, board)
        if payload is None:
            return None
        try:
            return shape(payload)
        except ValueError as exc:  # MalformedRecord and other shape errors
            self.malformed(response, board, exc)
            return None

    def malformed(self, response: Response, board: str, why: object) -> None:
        self.count(MALFORMED_JSON)
        self.logger.warning("Unreadable %s answer for %r at %s: %s", self.name, board,
                            response.url, why)

    def emit(self, records: Iterable[Any], map_record: MapRecord,
             response: Response) -> Iterator[dict[str, Any]]:
        """One Posting item per record; unmappable records and repeated ids are counted."""
        seen: set[str] = set()
        for record in records:
            try:
                fields = map_record(record)
            except (MalformedRecord, KeyError, TypeError, ValueError, AttributeError) as exc:
                self.count(UNMAPPABLE_RECORD)
                self.logger.warning("Skipped a %s record from %s: %s", self.name, response.url,
                                    exc)
                continue
            source_id = str(fields.get("source_id") or "")
            if source_id in seen:
                self.count(DUPLICATE_ID)
                self.logger.warning("Duplicate %s id %r in %s", self.name, source_id, response.url)
                continue
            seen.add(source_id)
            yield posting_item(fields, source=self.source)
