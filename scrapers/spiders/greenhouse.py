"""Greenhouse job boards through the public job-board API.

    scrapy crawl greenhouse -a boards=acme,globex
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from scrapers.crawl_stats import BOARD_NOT_FOUND, BOARD_UNREACHABLE, MALFORMED_BOARD
from scrapers.greenhouse import DEFAULT_API_BASE, board_jobs, jobs_url, map_greenhouse_job
from scrapers.items import posting_item
from scrapers.spider_args import split_list_arg


class GreenhouseSpider(scrapy.Spider):
    """One request per board (descriptions included), one item per job.

    Arguments: ``boards`` (comma-separated board tokens), ``api_base`` (default
    ``https://boards-api.greenhouse.io``), ``source``. An unknown board (404) is counted
    (``leadtrends/boards/not_found``), logged, and the other boards are still crawled; so is
    a board that still fails after retries (``leadtrends/boards/unreachable``).
    """

    name = "greenhouse"

    def __init__(
        self,
        *args: Any,
        boards: str | None = None,
        api_base: str = DEFAULT_API_BASE,
        source: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.boards = split_list_arg(boards)
        if not self.boards:
            raise ValueError("greenhouse spider needs -a boards=TOKEN[,TOKEN]")
        self.api_base = api_base
        self.source: str = source or self.name

    async def start(self) -> AsyncIterator[Any]:
        for token in self.boards:
            yield scrapy.Request(
                jobs_url(self.api_base, token),
                callback=self.parse_board,
                cb_kwargs={"board_token": token},
                errback=self.board_failed,
                meta={"handle_httpstatus_list": [404], "board_token": token},
            )

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key)

    def board_failed(self, failure: Failure) -> None:
        # Counted per board so a run where every board was unreachable is visible in the stats.
        self._inc(BOARD_UNREACHABLE)
        token = failure.request.meta.get("board_token") if hasattr(failure, "request") else None
        self.logger.warning("Greenhouse board %r unreachable: %s", token,
                            failure.getErrorMessage() or failure.type)

    def parse_board(self, response: Response, board_token: str) -> Iterator[dict[str, Any]]:
        if response.status == 404:
            self._inc(BOARD_NOT_FOUND)
            self.logger.warning("Greenhouse board %r not found (404 from %s)",
                                board_token, response.url)
            return
        try:
            text = response.text if isinstance(response, TextResponse) else ""
            jobs = board_jobs(json.loads(text))
        except ValueError as exc:
            self._inc(MALFORMED_BOARD)
            self.logger.warning("Unreadable Greenhouse board %r at %s: %s",
                                board_token, response.url, exc)
            return
        self.logger.info("Greenhouse board %r: %d jobs", board_token, len(jobs))
        for job in jobs:
            yield posting_item(map_greenhouse_job(job, board_token), source=self.source)
