"""RemoteOK's public job feed.

    scrapy crawl remoteok

One request returns the whole feed (about the last month of adverts).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

from scrapy.http import Response

from scrapers.remoteok import DEFAULT_API_BASE, feed_jobs, feed_url, map_remoteok_job
from scrapers.spiders.json_api import JsonApiSpider


class RemoteokSpider(JsonApiSpider):
    """One request, one item per job; the legal notice element is never an item.

    The feed has no date filter and only a posting date (no update date), so ``since``
    cannot tell an edited advert from an unchanged one: every run reads the whole feed,
    which is a single request anyway.
    """

    name = "remoteok"
    default_api_base = DEFAULT_API_BASE
    # RemoteOK asks API users to keep request volume low; one request per run needs no more.
    custom_settings: ClassVar[dict[str, Any]] = {"DOWNLOAD_DELAY": 2.0}

    async def start(self) -> AsyncIterator[Any]:
        yield self.api_request(feed_url(self.api_base), self.parse_feed, board="feed",
                               headers={"Accept": "application/json"})

    def parse_feed(self, response: Response, board: str) -> Iterator[dict[str, Any]]:
        answer = self.read_answer(response, board, feed_jobs)
        if answer is None:
            return
        jobs, notice = answer
        if notice:
            self.logger.info("RemoteOK terms: %s", notice)
        self.logger.info("RemoteOK feed: %d jobs", len(jobs))
        yield from self.emit(jobs, map_remoteok_job, response)
