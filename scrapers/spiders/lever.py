"""Lever job sites through the public postings API.

    scrapy crawl lever -a boards=acme,globex
    scrapy crawl lever -a boards=euco -a host=eu
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.crawl_stats import DUPLICATE_ID, PAGE_CAP_REACHED
from scrapers.lever import (
    DEFAULT_API_BASE,
    api_base_for,
    map_lever_posting,
    next_skip,
    page_postings,
    postings_url,
)
from scrapers.spider_args import positive_int_arg
from scrapers.spiders.json_api import JsonApiSpider


class LeverSpider(JsonApiSpider):
    """Pages through each site with ``skip``/``limit``, one item per posting.

    Arguments: ``boards`` (comma-separated Lever site names), ``host`` (``global`` or
    ``eu``; an explicit ``api_base`` wins), ``page_size`` (default 100), ``max_pages``
    (default 20 per site) plus the base arguments. Lever gives only a creation date, never an
    update date, so ``since`` cannot tell an edited posting from an unchanged one: every run
    reads each whole site.
    """

    name = "lever"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, boards: str | None = None, host: str | None = None,
                 api_base: str | None = None, page_size: str | int | None = None,
                 max_pages: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, api_base=api_base or api_base_for(host), **kwargs)
        self.boards = self.list_arg(boards, "boards", self.name)
        self.page_size = positive_int_arg(page_size, "page_size", 100)
        self.max_pages = positive_int_arg(max_pages, "max_pages", 20)
        # Ids already read per site: a posting published mid-crawl shifts later pages.
        self._seen: dict[str, set[str]] = {}

    async def start(self) -> AsyncIterator[Any]:
        for site in self.boards:
            yield self._page_request(site, skip=0, page=1)

    def _page_request(self, site: str, skip: int, page: int) -> Any:
        return self.api_request(postings_url(self.api_base, site, skip, self.page_size),
                                self.parse_page, board=site, skip=skip, page=page)

    def _unseen(self, site: str, postings: list[Any], response: Response) -> Iterator[Any]:
        seen = self._seen.setdefault(site, set())
        for posting in postings:
            posting_id = posting.get("id") if isinstance(posting, dict) else None
            if isinstance(posting_id, str) and posting_id in seen:
                self.count(DUPLICATE_ID)
                self.logger.warning("Lever posting %r seen again at %s", posting_id,
                                    response.url)
                continue
            if isinstance(posting_id, str):
                seen.add(posting_id)
            yield posting

    def parse_page(self, response: Response, board: str, skip: int,
                   page: int) -> Iterator[Any]:
        postings = self.read_answer(response, board, page_postings)
        if postings is None:
            return
        self.logger.info("Lever site %r page %d: %d postings", board, page, len(postings))
        yield from self.emit(self._unseen(board, postings, response),
                             lambda posting: map_lever_posting(posting, board), response)
        following = next_skip(skip, self.page_size, len(postings))
        if following is None:
            return
        if page >= self.max_pages:
            self.count(PAGE_CAP_REACHED)
            self.logger.warning("Lever site %r: stopped at the page cap (%d pages)", board,
                                self.max_pages)
            return
        yield self._page_request(board, skip=following, page=page + 1)
