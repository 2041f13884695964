"""USAJOBS federal job announcements through the Search API.

    LEADTRENDS_USAJOBS_KEY=... LEADTRENDS_USAJOBS_EMAIL=me@example.org \
        scrapy crawl usajobs [-a series=2210] [-a keyword=manager] [-a max_pages=10]

The key and e-mail come only from the environment (never from ``-a`` arguments, which
end up in process listings and logs) and are sent only as request headers.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response

from scrapers.crawl_stats import DUPLICATE_ID, PAGE_CAP_REACHED
from scrapers.spider_args import positive_int_arg
from scrapers.spiders.json_api import JsonApiSpider
from scrapers.usajobs import (
    DEFAULT_API_BASE,
    IT_MANAGEMENT_SERIES,
    MAX_RESULTS_PER_PAGE,
    date_posted_days,
    map_usajobs_item,
    search_items,
    search_url,
)

KEY_ENV = "LEADTRENDS_USAJOBS_KEY"
EMAIL_ENV = "LEADTRENDS_USAJOBS_EMAIL"


def _required_env(name: str, what: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ValueError(f"usajobs spider needs {what} in the environment variable {name}")
    return value


class UsajobsSpider(JsonApiSpider):
    """Pages through one occupational series (default 2210, IT management), 500 a page.

    With ``since`` the search asks only for announcements posted in the last N days
    (``DatePosted``, server side; whole days, so the first day may repeat). A ``since``
    more than 60 days back reads everything.
    """

    name = "usajobs"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, series: str | None = None, keyword: str | None = None,
                 results_per_page: str | None = None, max_pages: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key = _required_env(KEY_ENV, "an API key (Authorization-Key)")
        self._email = _required_env(EMAIL_ENV, "the e-mail address registered with the key")
        self.series = (series or IT_MANAGEMENT_SERIES).strip()
        self.keyword = (keyword or "").strip() or None
        self.results_per_page = min(MAX_RESULTS_PER_PAGE, positive_int_arg(
            results_per_page, "results_per_page", MAX_RESULTS_PER_PAGE))
        self.max_pages = positive_int_arg(max_pages, "max_pages", 10)
        self.days = date_posted_days(self.since, datetime.now(UTC))
        self._seen: set[str] = set()

    def _headers(self) -> dict[str, str]:
        return {"Host": urlsplit(self.api_base).netloc, "User-Agent": self._email,
                "Authorization-Key": self._key, "Accept": "application/json"}

    def _page(self, page: int) -> Any:
        url = search_url(self.api_base, page, series=self.series, keyword=self.keyword,
                         results_per_page=self.results_per_page, days=self.days)
        return self.api_request(url, self.parse_page, board=f"series {self.series}",
                                headers=self._headers(), page=page)

    async def start(self) -> AsyncIterator[Any]:
        yield self._page(1)

    def parse_page(self, response: Response, board: str, page: int) -> Iterator[Any]:
        answer = self.read_answer(response, board, search_items)
        if answer is None:
            return
        items, pages = answer
        self.logger.info("USAJOBS %s page %d of %d: %d items", board, page, pages, len(items))
        yield from self.emit(self._unseen(items), map_usajobs_item, response)
        if page >= pages or not items:
            return
        if page >= self.max_pages:
            self.count(PAGE_CAP_REACHED)
            self.logger.warning("USAJOBS: stopped at the page cap (%d pages)", self.max_pages)
            return
        yield self._page(page + 1)

    def _unseen(self, items: list[Any]) -> Iterator[Any]:
        # Announcements published mid-crawl shift later pages by a few items.
        for item in items:
            object_id = item.get("MatchedObjectId") if isinstance(item, dict) else None
            key = str(object_id) if object_id is not None else None
            if key is not None and key in self._seen:
                self.count(DUPLICATE_ID)
                continue
            if key is not None:
                self._seen.add(key)
            yield item
