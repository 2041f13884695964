"""Workable accounts through the public jobs widget API.

    scrapy crawl workable -a boards=acme,globex
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.spiders.json_api import JsonApiSpider
from scrapers.workable import DEFAULT_API_BASE, account_jobs, account_url, map_workable_job


class WorkableSpider(JsonApiSpider):
    """One request per account (descriptions included), one item per job.

    Arguments: ``boards`` (comma-separated Workable account subdomains) plus the base
    arguments. The widget gives publication and creation dates but no update date, so
    ``since`` cannot rule out an edit: every run reads each whole account.
    """

    name = "workable"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, boards: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.boards = self.list_arg(boards, "boards", self.name)

    async def start(self) -> AsyncIterator[Any]:
        for account in self.boards:
            yield self.api_request(account_url(self.api_base, account), self.parse_account,
                                   board=account)

    def parse_account(self, response: Response, board: str) -> Iterator[dict[str, Any]]:
        answer = self.read_answer(response, board, account_jobs)
        if answer is None:
            return
        company, jobs = answer
        self.logger.info("Workable account %r: %d jobs", board, len(jobs))
        yield from self.emit(jobs, lambda job: map_workable_job(job, board, company), response)
