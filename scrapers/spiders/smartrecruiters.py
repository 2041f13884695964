"""SmartRecruiters companies through the public Posting API.

    scrapy crawl smartrecruiters -a boards=AcmeCorp,Globex
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from scrapers.crawl_stats import DUPLICATE_ID, PAGE_CAP_REACHED
from scrapers.smartrecruiters import (
    DEFAULT_API_BASE,
    MAX_PAGE_SIZE,
    detail_url,
    listing_page,
    map_smartrecruiters_posting,
    next_offset,
    postings_url,
    unchanged_since,
)
from scrapers.spider_args import positive_int_arg
from scrapers.spiders.json_api import JsonApiSpider

UNCHANGED_SINCE = "leadtrends/pages/unchanged_since_last_crawl"
DETAIL_NOT_FOUND = "leadtrends/dropped/detail_not_found"


class SmartRecruitersSpider(JsonApiSpider):
    """Pages through each company's listing by offset, then reads each posting's detail.

    Arguments: ``boards`` (comma-separated company identifiers), ``page_size`` (default and
    most 100), ``max_pages`` (default 50 per company) plus the base arguments. The API has
    no date filter; with ``since``, postings released before it are not fetched again
    (counted as ``leadtrends/pages/unchanged_since_last_crawl``), because SmartRecruiters
    changes a posting's content only by posting it again, with a new ``releasedDate``.
    """

    name = "smartrecruiters"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, boards: str | None = None,
                 page_size: str | int | None = None, max_pages: str | int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.boards = self.list_arg(boards, "boards", self.name)
        self.page_size = positive_int_arg(page_size, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE)
        self.max_pages = positive_int_arg(max_pages, "max_pages", 50, 10_000)
        # Ids already listed per company: a posting released mid-crawl shifts the offsets.
        self._seen: dict[str, set[str]] = {}

    async def start(self) -> AsyncIterator[Any]:
        for company in self.boards:
            yield self._listing_request(company, offset=0, page=1)

    def _listing_request(self, company: str, offset: int, page: int) -> scrapy.Request:
        return self.api_request(postings_url(self.api_base, company, offset, self.page_size),
                                self.parse_listing, board=company, offset=offset, page=page)

    def parse_listing(self, response: Response, board: str, offset: int,
                      page: int) -> Iterator[Any]:
        answer = self.read_answer(response, board, listing_page)
        if answer is None:
            return
        listed, total_found = answer
        self.logger.info("SmartRecruiters company %r page %d: %d of %d postings", board, page,
                         len(listed), total_found)
        for entry in listed:
            yield from self._follow(entry, board, response)
        following = next_offset(offset, len(listed), total_found)
        if following is None:
            return
        if page >= self.max_pages:
            self.count(PAGE_CAP_REACHED)
            self.logger.warning("SmartRecruiters company %r: stopped at the page cap (%d pages)",
                                board, self.max_pages)
            return
        yield self._listing_request(board, offset=following, page=page + 1)

    def _follow(self, entry: Any, company: str, response: Response) -> Iterator[Any]:
        url = detail_url(self.api_base, company, entry) if isinstance(entry, dict) else None
        if url is None:
            # Not a posting we can look up: let the mapping say why, counted by emit.
            yield from self.emit([entry], lambda record: map_smartrecruiters_posting(
                record, company), response)
            return
        seen = self._seen.setdefault(company, set())
        if url in seen:
            self.count(DUPLICATE_ID)
            self.logger.warning("SmartRecruiters posting %s listed twice", url)
            return
        seen.add(url)
        if unchanged_since(entry, self.since):
            self.count(UNCHANGED_SINCE)
            return
        yield self.api_request(url, self.parse_detail, board=company, listed=entry)

    def parse_detail(self, response: Response, board: str,
                     listed: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if response.status == 404:
            # The posting was closed between the listing and now.
            self.count(DETAIL_NOT_FOUND)
            self.logger.warning("SmartRecruiters posting gone (404): %s", response.url)
            return
        detail = self.read_json(response, board)
        if detail is None:
            return
        if not isinstance(detail, dict):
            self.malformed(response, board, "posting detail is not a JSON object")
            return
        yield from self.emit([{**listed, **detail}],
                             lambda record: map_smartrecruiters_posting(record, board),
                             response)
