"""Ashby job boards through the public job-posting API.

    scrapy crawl ashby -a boards=acme,globex
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.ashby import DEFAULT_API_BASE, board_jobs, board_url, is_listed, map_ashby_job
from scrapers.spiders.json_api import JsonApiSpider

UNLISTED = "leadtrends/dropped/unlisted"


class AshbySpider(JsonApiSpider):
    """One request per board (descriptions and compensation included), one item per job.

    Arguments: ``boards`` (comma-separated Ashby job-board names) plus the base arguments.
    Jobs marked ``isListed: false`` are kept off the board by the company, so they are
    skipped and counted (``leadtrends/dropped/unlisted``). The API gives a publication date
    but no update date, so ``since`` cannot rule out an edit: every run reads each board.
    """

    name = "ashby"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, boards: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.boards = self.list_arg(boards, "boards", self.name)

    async def start(self) -> AsyncIterator[Any]:
        for board in self.boards:
            yield self.api_request(board_url(self.api_base, board), self.parse_board,
                                   board=board)

    def parse_board(self, response: Response, board: str) -> Iterator[dict[str, Any]]:
        jobs = self.read_answer(response, board, board_jobs)
        if jobs is None:
            return
        listed = [job for job in jobs if is_listed(job)]
        if len(listed) < len(jobs):
            self.count(UNLISTED, len(jobs) - len(listed))
        self.logger.info("Ashby board %r: %d jobs (%d unlisted skipped)", board, len(listed),
                         len(jobs) - len(listed))
        yield from self.emit(listed, lambda job: map_ashby_job(job, board), response)
