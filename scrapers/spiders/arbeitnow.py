"""Arbeitnow's public job board API (Germany and remote jobs in Europe).

    scrapy crawl arbeitnow [-a max_pages=20]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.arbeitnow import DEFAULT_API_BASE, board_page, map_arbeitnow_job, page_url
from scrapers.crawl_stats import DUPLICATE_ID, PAGE_CAP_REACHED
from scrapers.spider_args import positive_int_arg
from scrapers.spiders.json_api import JsonApiSpider


class ArbeitnowSpider(JsonApiSpider):
    """Follows ``links.next`` page by page (newest first) up to ``max_pages``.

    Jobs carry only a creation time, never an update time, so ``since`` cannot tell an
    edited advert from an unchanged one: every run reads the board up to the page cap.
    """

    name = "arbeitnow"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, max_pages: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages = positive_int_arg(max_pages, "max_pages", 20)
        self._seen: set[str] = set()

    def _page(self, page: int) -> Any:
        return self.api_request(page_url(self.api_base, page), self.parse_page, board="board",
                                headers={"Accept": "application/json"}, page=page)

    async def start(self) -> AsyncIterator[Any]:
        yield self._page(1)

    def parse_page(self, response: Response, board: str, page: int) -> Iterator[Any]:
        answer = self.read_answer(response, board, board_page)
        if answer is None:
            return
        jobs, next_page = answer
        self.logger.info("Arbeitnow page %d: %d jobs", page, len(jobs))
        yield from self.emit(self._unseen(jobs), map_arbeitnow_job, response)
        # A next link that does not move forward would loop: treat it as the end.
        if next_page is None or next_page <= page or not jobs:
            return
        if page >= self.max_pages:
            self.count(PAGE_CAP_REACHED)
            self.logger.warning("Arbeitnow: stopped at the page cap (%d pages)", self.max_pages)
            return
        yield self._page(next_page)

    def _unseen(self, jobs: list[Any]) -> Iterator[Any]:
        # New adverts arrive at the top while paging, pushing seen ones onto the next page.
        for job in jobs:
            slug = job.get("slug") if isinstance(job, dict) else None
            if isinstance(slug, str) and slug in self._seen:
                self.count(DUPLICATE_ID)
                continue
            if isinstance(slug, str):
                self._seen.add(slug)
            yield job
