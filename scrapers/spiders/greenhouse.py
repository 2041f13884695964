"""Greenhouse job boards through the public job-board API.

    scrapy crawl greenhouse -a boards=acme,globex
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.greenhouse import (
    DEFAULT_API_BASE,
    board_jobs,
    jobs_url,
    map_greenhouse_job,
)
from scrapers.spiders.json_api import JsonApiSpider


class GreenhouseSpider(JsonApiSpider):
    """One request per board (descriptions included), one item per job.

    Arguments: ``boards`` (comma-separated board tokens) plus the base arguments. The API
    has no date filter, so every run reads each whole board (one request per board).
    """

    name = "greenhouse"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, boards: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.boards = self.list_arg(boards, "boards", self.name)

    async def start(self) -> AsyncIterator[Any]:
        for token in self.boards:
            yield self.api_request(jobs_url(self.api_base, token), self.parse_board, board=token)

    def parse_board(self, response: Response, board: str) -> Iterator[dict[str, Any]]:
        jobs = self.read_answer(response, board, board_jobs)
        if jobs is None:
            return
        self.logger.info("Greenhouse board %r: %d jobs", board, len(jobs))
        yield from self.emit(jobs, lambda job: map_greenhouse_job(job, board), response)
