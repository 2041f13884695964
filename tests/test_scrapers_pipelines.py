"""The validation pipeline: valid postings pass as JSON-ready dicts, invalid ones are counted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from leadtrends.model import Posting
from scrapers.crawl_stats import json_safe
from scrapers.items import posting_item
from scrapers.jsonld import map_job_posting
from scrapers.pipelines import ValidatePostingPipeline


@pytest.fixture
def pipeline() -> ValidatePostingPipeline:
    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return ValidatePostingPipeline.from_crawler(crawler)


def item(**job: Any) -> dict[str, Any]:
    ld = {"@type": "JobPosting", "title": "CTO", "description": "<p>Lead engineering.</p>",
          "identifier": "J-1", **job}
    ld = {k: v for k, v in ld.items() if v is not None}
    return posting_item(map_job_posting(ld, "https://example.com/j/1"), source="example")


def test_valid_item_becomes_a_json_ready_posting(pipeline: ValidatePostingPipeline) -> None:
    record = pipeline.process_item(item(datePosted="2024-01-31"))
    posting = Posting.model_validate(record)
    assert (posting.source, posting.source_id, posting.title) == ("example", "J-1", "CTO")
    assert record["date_posted"] == "2024-01-31"
    assert posting.scraped_at.tzinfo is not None


def test_missing_title_is_dropped_and_counted(pipeline: ValidatePostingPipeline) -> None:
    with pytest.raises(DropItem, match="missing_title"):
        pipeline.process_item(item(title=None))
    assert pipeline.stats.get_value("leadtrends/dropped/missing_title") == 1
    assert pipeline.stats.get_value("leadtrends/field/title/missing") == 1


def test_blank_title_counts_as_missing(pipeline: ValidatePostingPipeline) -> None:
    with pytest.raises(DropItem, match="missing_title"):
        pipeline.process_item(item(title="   "))


def test_every_invalid_field_is_counted(pipeline: ValidatePostingPipeline) -> None:
    with pytest.raises(DropItem):
        pipeline.process_item(item(title=None, description=None))
    assert pipeline.stats.get_value("leadtrends/field/title/missing") == 1
    assert pipeline.stats.get_value("leadtrends/field/description/missing") == 1
    assert pipeline.stats.get_value("leadtrends/dropped/missing_title") == 1


def test_invalid_value_is_counted_as_invalid(pipeline: ValidatePostingPipeline) -> None:
    bad = {**item(), "salary_period": "fortnight"}
    with pytest.raises(DropItem, match="invalid_salary_period"):
        pipeline.process_item(bad)
    assert pipeline.stats.get_value("leadtrends/field/salary_period/invalid") == 1


def test_stats_values_are_made_json_safe() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert json_safe({"start_time": when, "n": 1, "types": {ValueError}}) == {
        "start_time": "2024-01-02T03:04:05+00:00", "n": 1, "types": ["<class 'ValueError'>"]}
