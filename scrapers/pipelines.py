"""Item pipelines: validate every item as a Posting, then write the valid ones as JSON Lines."""

from __future__ import annotations

import json
import logging
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any

from itemadapter import ItemAdapter
from pydantic import ValidationError
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from leadtrends.jsonl import atomic_writer
from leadtrends.model import Posting
from leadtrends.prefilter import likely_tech_leadership
from scrapers.crawl_stats import ITEMS_WRITTEN, dropped_key, field_key

log = logging.getLogger(__name__)

# Close reasons after which the output is complete for what the crawl set out to do;
# after any other (shutdown, cancelled) the previous output file is kept instead.
_COMPLETE_REASONS = ("finished", "closespider_")


def field_problems(error: ValidationError, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, "missing" | "invalid") for each validation error, in field order.

    An empty or blank required string counts as missing: the source did not say it.
    """
    problems: list[tuple[str, str]] = []
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else "__root__"
        value = data.get(field)
        blank = isinstance(value, str) and not value.strip()
        problem = "missing" if detail["type"] == "missing" or blank else "invalid"
        if (field, problem) not in problems:
            problems.append((field, problem))
    return problems


class ValidatePostingPipeline:
    """Drops items that are not valid Postings, counting why per reason and per field.

    Stats: ``leadtrends/dropped/<problem>_<field>`` once per dropped item (first problem),
    ``leadtrends/field/<field>/missing|invalid`` for every problem found.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePostingPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> dict[str, Any]:
        # None means "the source did not say", which the model expresses as an absent field.
        data = {k: v for k, v in ItemAdapter(item).items() if v is not None}
        try:
            posting = Posting.model_validate(data)
        except ValidationError as exc:
            problems = field_problems(exc, data)
            for field, problem in problems:
                self.stats.inc_value(field_key(field, problem))
            field, problem = problems[0] if problems else ("posting", "invalid")
            reason = f"{problem}_{field}"
            self.stats.inc_value(dropped_key(reason))
            url = data.get("url", "?")
            log.warning("Dropped posting from %s: %s", url, reason)
            # Already logged in one line above; the item dump would repeat the whole advert.
            raise DropItem(f"{reason}: {url}", log_level="DEBUG") from None
        if posting.likely_target is None:
            posting.likely_target = likely_tech_leadership(posting.title)
        return posting.model_dump(mode="json")


class JsonLinesOutputPipeline:
    """Writes items as JSON Lines to the ``LEADTRENDS_OUTPUT`` path, atomically.

    Items go to a temporary file beside the target, renamed into place when the crawl
    finishes, so the extract stage never reads a half-written crawl.
    """

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self._writer: AbstractContextManager[IO[str]] | None = None
        self._handle: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesOutputPipeline:
        path = crawler.settings.get("LEADTRENDS_OUTPUT")
        if not path:
            raise NotConfigured("LEADTRENDS_OUTPUT is not set")
        pipeline = cls(crawler, Path(path))
        # Committing needs the close reason, which only the spider_closed signal carries.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self._writer = atomic_writer(self.path)
        self._handle = self._writer.__enter__()

    def process_item(self, item: Any) -> Any:
        assert self._handle is not None and self.crawler.stats is not None
        record = ItemAdapter(item).asdict()
        self._handle.write(json.dumps(record, ensure_ascii=False, default=str))
        self._handle.write("\n")
        self.crawler.stats.inc_value(ITEMS_WRITTEN)
        return item

    def spider_closed(self, reason: str) -> None:
        if self._writer is None:
            return
        writer, self._writer, self._handle = self._writer, None, None
        if reason.startswith(_COMPLETE_REASONS):
            writer.__exit__(None, None, None)
            log.info("Postings written to %s", self.path)
            return
        aborted = RuntimeError(f"crawl closed early ({reason})")
        writer.__exit__(type(aborted), aborted, None)
        log.warning("Crawl closed early (%s); %s left unchanged", reason, self.path)
