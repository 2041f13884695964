"""The Muse public jobs API, filtered by category and level.

    scrapy crawl themuse [-a categories="Software Engineering,IT"] \
        [-a levels="Management,Senior Level"] [-a max_pages=50]

An API key from ``LEADTRENDS_THEMUSE_KEY`` (optional) raises the rate limit; it is sent
as the ``X-Muse-Api-Key`` header, so it never appears in URLs or logs.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response
from scrapy.settings import BaseSettings

from scrapers.crawl_stats import DUPLICATE_ID, PAGE_CAP_REACHED
from scrapers.spider_args import positive_int_arg, split_list_arg
from scrapers.spiders.json_api import JsonApiSpider
from scrapers.themuse import DEFAULT_API_BASE, jobs_url, map_muse_job, results_page

KEY_ENV = "LEADTRENDS_THEMUSE_KEY"
DEFAULT_CATEGORIES = ["Software Engineering", "IT", "Data and Analytics"]
DEFAULT_LEVELS = ["Management", "Senior Level"]
# Documented limits: 500 requests an hour without a key, 3,600 with one.
DELAY_WITHOUT_KEY = 7.5
DELAY_WITH_KEY = 1.0


class ThemuseSpider(JsonApiSpider):
    """Pages (20 results each, from page 0) until ``page_count`` or ``max_pages``.

    Results carry a publication date but no update date, and the API has no date filter,
    so ``since`` cannot skip anything safely: every run reads the filtered list.
    """

    name = "themuse"
    default_api_base = DEFAULT_API_BASE

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        delay = DELAY_WITH_KEY if os.environ.get(KEY_ENV, "").strip() else DELAY_WITHOUT_KEY
        settings.set("DOWNLOAD_DELAY", delay, priority="spider")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 1, priority="spider")
        settings.set("AUTOTHROTTLE_ENABLED", True, priority="spider")

    def __init__(self, *args: Any, categories: str | None = None, levels: str | None = None,
                 locations: str | None = None, max_pages: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = split_list_arg(categories) or list(DEFAULT_CATEGORIES)
        self.levels = split_list_arg(levels) or list(DEFAULT_LEVELS)
        self.locations = split_list_arg(locations)
        self.max_pages = positive_int_arg(max_pages, "max_pages", 50)
        self._key = os.environ.get(KEY_ENV, "").strip()
        self._seen: set[str] = set()

    def _page(self, page: int) -> Any:
        headers = {"Accept": "application/json"}
        if self._key:
            headers["X-Muse-Api-Key"] = self._key
        url = jobs_url(self.api_base, page, self.categories, self.levels, self.locations)
        return self.api_request(url, self.parse_page, board="jobs", headers=headers, page=page)

    async def start(self) -> AsyncIterator[Any]:
        yield self._page(0)

    def parse_page(self, response: Response, board: str, page: int) -> Iterator[Any]:
        answer = self.read_answer(response, board, results_page)
        if answer is None:
            return
        results, page_count = answer
        self.logger.info("The Muse page %d of %d: %d results", page, page_count, len(results))
        yield from self.emit(self._unseen(results), map_muse_job, response)
        if not results or page + 1 >= page_count:
            return
        if page + 1 >= self.max_pages:
            self.count(PAGE_CAP_REACHED)
            self.logger.warning("The Muse: stopped at the page cap (%d pages)", self.max_pages)
            return
        yield self._page(page + 1)

    def _unseen(self, results: list[Any]) -> Iterator[Any]:
        for result in results:
            job_id = result.get("id") if isinstance(result, dict) else None
            key = str(job_id) if job_id is not None else None
            if key is not None and key in self._seen:
                self.count(DUPLICATE_ID)
                continue
            if key is not None:
                self._seen.add(key)
            yield result
