"""Hacker News "Ask HN: Who is hiring?" threads through the Algolia HN Search API.

    scrapy crawl hn_hiring                          # the latest monthly thread
    scrapy crawl hn_hiring -a story_ids=40224213,39894820 [-a since=2024-05-03T00:00:00+00:00]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.crawl_stats import PAGE_CAP_REACHED, dropped_key
from scrapers.hn_hiring import (
    DEFAULT_API_BASE,
    comment_lines,
    comments_url,
    is_top_level,
    latest_hiring_story,
    map_hn_comment,
    parse_header,
    search_hits,
    story_search_url,
)
from scrapers.spider_args import positive_int_arg, split_list_arg
from scrapers.spiders.json_api import JsonApiSpider

UNPARSEABLE_HEADER = dropped_key("unparseable_header")
REPLIES_SKIPPED = "leadtrends/hn/replies_skipped"
NO_STORY = "leadtrends/hn/no_hiring_story"
SEEN_AGAIN = "leadtrends/hn/seen_again"


class HnHiringSpider(JsonApiSpider):
    """Reads every top-level comment of the given threads (default: the latest one).

    With ``since`` only comments created after it are asked for (``numericFilters=
    created_at_i>…``, server side); an advert edited later keeps its first version.
    Algolia answers at most 1,000 hits per query, so once a query's pages run out while
    more hits exist the spider asks again for the comments up to the oldest one seen.
    Replies are skipped (counted under ``leadtrends/hn/replies_skipped``); a top-level
    comment whose first line is not ``Company | Role | ...`` is counted as
    ``leadtrends/dropped/unparseable_header``.
    """

    name = "hn_hiring"
    default_api_base = DEFAULT_API_BASE

    def __init__(self, *args: Any, story_ids: str | None = None,
                 hits_per_page: str | None = None, max_pages: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.story_ids = split_list_arg(story_ids)
        for story_id in self.story_ids:
            if not story_id.isdigit():
                raise ValueError(f"hn_hiring spider: story_ids must be numbers, got {story_id!r}")
        self.hits_per_page = min(1000, positive_int_arg(hits_per_page, "hits_per_page", 200))
        self.max_pages = positive_int_arg(max_pages, "max_pages", 30)
        self.after = int(self.since.timestamp()) if self.since else None
        self._seen: set[str] = set()
        self._requests: dict[str, int] = {}

    async def start(self) -> AsyncIterator[Any]:
        if not self.story_ids:
            yield self.api_request(story_search_url(self.api_base), self.parse_stories,
                                   board="whoishiring")
        for story_id in self.story_ids:
            yield self._comments(story_id, 0, None)

    def parse_stories(self, response: Response, board: str) -> Iterator[Any]:
        answer = self.read_answer(response, board, search_hits)
        if answer is None:
            return
        hits = answer[0]
        story_id = latest_hiring_story(hits)
        if story_id is None:
            self.count(NO_STORY)
            self.logger.warning("No 'Ask HN: Who is hiring?' story among %s", response.url)
            return
        self.logger.info("Latest 'Who is hiring?' thread: %s", story_id)
        yield self._comments(story_id, 0, None)

    def _comments(self, story_id: str, page: int, until: int | None) -> Any:
        self._requests[story_id] = self._requests.get(story_id, 0) + 1
        url = comments_url(self.api_base, story_id, page, self.hits_per_page, self.after, until)
        return self.api_request(url, self.parse_comments, board=f"story {story_id}",
                                story_id=story_id, page=page, until=until)

    def parse_comments(self, response: Response, board: str, story_id: str, page: int,
                       until: int | None) -> Iterator[Any]:
        answer = self.read_answer(response, board, search_hits)
        if answer is None:
            return
        hits, pages, total = answer
        self.logger.info("HN %s page %d of %d: %d hits", board, page, pages, len(hits))
        yield from self.emit(self._adverts(hits, story_id), map_hn_comment, response)
        follow = self._next(story_id, page, pages, total, hits, until)
        if follow is None:
            return
        if self._requests.get(story_id, 0) >= self.max_pages:
            self.count(PAGE_CAP_REACHED)
            self.logger.warning("HN %s: stopped at the page cap (%d pages)", board,
                                self.max_pages)
            return
        yield self._comments(story_id, *follow)

    def _next(self, story_id: str, page: int, pages: int, total: int, hits: list[Any],
              until: int | None) -> tuple[int, int | None] | None:
        if not hits:
            return None
        if page + 1 < pages:
            return page + 1, until
        if total > (page + 1) * self.hits_per_page:
            # Algolia's 1,000-hit window is used up: start a new window at the oldest hit.
            oldest = min((h.get("created_at_i") for h in hits
                          if isinstance(h, dict) and isinstance(h.get("created_at_i"), int)),
                         default=None)
            if oldest is not None and oldest != until:
                return 0, oldest
        return None

    def _adverts(self, hits: list[Any], story_id: str) -> Iterator[Any]:
        for hit in hits:
            if not is_top_level(hit, story_id):
                self.count(REPLIES_SKIPPED)
                continue
            comment_id = str(hit.get("objectID"))
            if comment_id in self._seen:
                # Windows overlap by one second, so the same comment can come twice.
                self.count(SEEN_AGAIN)
                continue
            self._seen.add(comment_id)
            lines = comment_lines(hit)
            if lines and parse_header(lines[0]) is None:
                self.count(UNPARSEABLE_HEADER)
                self.logger.info("HN comment %s: first line is not 'Company | Role | ...': %.80s",
                                 comment_id, lines[0])
                continue
            yield hit
