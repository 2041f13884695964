"""NYC Open Data "Jobs NYC Postings" through the Socrata SODA API.

    scrapy crawl nyc_jobs [-a page_size=1000] [-a max_pages=50] [-a since=2024-05-01T00:00:00]

Keyless; an app token from ``LEADTRENDS_SOCRATA_APP_TOKEN`` (sent as ``X-App-Token``,
never logged) raises the throttling limits.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.crawl_stats import DUPLICATE_ID, PAGE_CAP_REACHED
from scrapers.nyc_jobs import (
    DEFAULT_API_BASE,
    DEFAULT_PAGE_SIZE,
    map_nyc_job,
    page_rows,
    page_url,
)
from scrapers.spider_args import positive_int_arg
from scrapers.spiders.json_api import JsonApiSpider

APP_TOKEN_ENV = "LEADTRENDS_SOCRATA_APP_TOKEN"
DATASET = "kpav-sd4t"


class NycJobsSpider(JsonApiSpider):
    """Pages through the dataset with ``$limit``/``$offset`` in ``:id`` order.

    With ``since`` only rows whose ``posting_updated`` is later are asked for
    (``$where``, server side). The Internal and External listing of one advert share a
    ``job_id``: the second one met in a run is counted as a duplicate and skipped.
    """

    name = "nyc_jobs"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, page_size: str | None = None, max_pages: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_size = positive_int_arg(page_size, "page_size", DEFAULT_PAGE_SIZE)
        self.max_pages = positive_int_arg(max_pages, "max_pages", 50)
        self._seen: set[str] = set()

    def _headers(self) -> dict[str, str]:
        token = os.environ.get(APP_TOKEN_ENV, "").strip()
        return {"Accept": "application/json", **({"X-App-Token": token} if token else {})}

    def _page(self, number: int) -> Any:
        url = page_url(self.api_base, number * self.page_size, self.page_size, self.since)
        return self.api_request(url, self.parse_page, board=DATASET, headers=self._headers(),
                                page=number)

    async def start(self) -> AsyncIterator[Any]:
        yield self._page(0)

    def parse_page(self, response: Response, board: str, page: int) -> Iterator[Any]:
        # The page size counts every row the API sent, usable or not.
        answer = self.read_answer(response, board, lambda payload: (page_rows(payload),
                                                                   len(payload)))
        if answer is None:
            return
        rows, sent = answer
        self.logger.info("NYC jobs page %d: %d rows", page, len(rows))
        yield from self.emit(self._first_listings(rows), self._map, response)
        if sent < self.page_size:
            return
        if page + 1 >= self.max_pages:
            self.count(PAGE_CAP_REACHED)
            self.logger.warning("NYC jobs: stopped at the page cap (%d pages)", self.max_pages)
            return
        yield self._page(page + 1)

    def _map(self, row: dict[str, Any]) -> dict[str, Any]:
        return map_nyc_job(row, self.api_base)

    def _first_listings(self, rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            job_id = row.get("job_id")
            if isinstance(job_id, str) and job_id in self._seen:
                self.count(DUPLICATE_ID)
                self.logger.info("NYC job %s listed again (%s); kept the first listing",
                                 job_id, row.get("posting_type"))
                continue
            if isinstance(job_id, str):
                self._seen.add(job_id)
            yield row
