"""HN "Who is hiring?" comments (Algolia) -> Posting fields, from saved search answers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.hn_hiring import (
    comments_url,
    is_top_level,
    latest_hiring_story,
    map_hn_comment,
    parse_header,
    search_hits,
)
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider

SAVED = Path(__file__).parent / "files" / "sources" / "hn_hiring"
STORY = "40100001"


def _hits(name: str) -> list[Any]:
    return search_hits(json.loads((SAVED / name).read_text(encoding="utf-8")))[0]


@pytest.fixture(scope="module")
def manager() -> dict[str, Any]:
    return map_hn_comment(_hits("comments_page0.json")[0])


def test_latest_hiring_story_ignores_the_other_monthly_threads() -> None:
    assert latest_hiring_story(_hits("stories.json")) == STORY


def test_search_answer_gives_hits_pages_and_total() -> None:
    hits, pages, total = search_hits(json.loads((SAVED / "comments_page0.json").read_text()))
    assert (len(hits), pages, total) == (4, 2, 7)


def test_only_comments_on_the_story_are_top_level() -> None:
    assert [is_top_level(h, STORY) for h in _hits("comments_page0.json")] == \
        [True, False, True, True]


def test_header_gives_company_title_location_remote_and_salary(
        manager: dict[str, Any]) -> None:
    assert manager["company"] == "Northwind Labs"
    assert manager["title"] == "Engineering Manager, Platform"
    assert manager["location_raw"] == "Berlin, Germany; REMOTE (EU)"
    assert manager["remote"] is True
    assert manager["employment_type"] == "Full-time"
    assert (manager["salary_min"], manager["salary_max"], manager["salary_currency"],
            manager["salary_period"]) == (110000.0, 130000.0, "EUR", "year")


def test_header_parts_in_another_order() -> None:
    head = map_hn_comment(_hits("comments_page0.json")[2])
    assert (head["company"], head["title"], head["remote"]) == ("Quillmark", "Head of IT", False)
    assert head["location_raw"] == "San Francisco, CA; ONSITE"
    assert head["salary_raw"] == "$180k-$220k"


def test_remote_part_before_the_role() -> None:
    fields = parse_header("Tidewater Robotics | REMOTE (US) | Senior Backend Engineer | $150k")
    assert fields is not None
    assert (fields["title"], fields["remote"], fields["location_raw"]) == \
        ("Senior Backend Engineer", True, "REMOTE (US)")


def test_role_without_a_role_word_is_taken_from_the_conventional_order() -> None:
    fields = parse_header("Brightpath Cafe | Barista | Brooklyn, NY")
    assert fields is not None
    assert (fields["title"], fields["location_raw"]) == ("Barista", "Brooklyn, NY")


def test_a_first_line_without_pipes_is_not_a_header() -> None:
    assert parse_header("We're hiring across the board! Drop me a line.") is None


def test_source_id_url_and_date(manager: dict[str, Any]) -> None:
    assert manager["source_id"] == "40100420"
    assert manager["url"] == "https://news.ycombinator.com/item?id=40100420"
    assert manager["date_posted"] == date(2024, 5, 1)


def test_description_is_the_rest_of_the_comment_line_by_line(manager: dict[str, Any]) -> None:
    assert manager["description"].splitlines()[:4] == [
        "We build route-planning software for regional bus operators.", "What you'll do:",
        "- Lead a team of seven backend and SRE engineers", "- Own delivery, hiring and on-call health"]


def test_deleted_comment_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        map_hn_comment(_hits("comments_page1.json")[1])


def test_comments_url_filters_by_creation_time() -> None:
    query = parse_qs(urlsplit(comments_url("https://hn.algolia.com", STORY, 2, 100,
                                           after=1714564800, until=1714600000)).query)
    assert query == {"tags": [f"comment,story_{STORY}"], "hitsPerPage": ["100"], "page": ["2"],
                     "numericFilters": ["created_at_i>1714564800,created_at_i<=1714600000"]}


def test_crawl_finds_the_thread_pages_its_comments_and_counts_bad_ones(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider(
            "hn_hiring", "hn-hiring", tmp_path / "hn.jsonl", tmp_path / "stats.json",
            spider_args={"api_base": server.base_url, "hits_per_page": "4",
                         "since": "2024-05-01T12:00:00+00:00"},
            timeout=120)
        requests = server.requests_to("/api/v1/search_by_date")
    titles = sorted(p.title for p in read_models(result.output, Posting))
    assert titles == ["Engineering Manager, Platform", "Head of IT", "IT Infrastructure Manager",
                      "Senior Backend Engineer"]
    assert result.dropped == {"unmappable_record": 1, "unparseable_header": 1}
    assert result.stats["leadtrends/hn/replies_skipped"] == 1
    comment_requests = [r.query for r in requests if r.query["tags"].startswith("comment")]
    assert [(q["page"], q["numericFilters"]) for q in comment_requests] == [
        ("0", "created_at_i>1714564800"), ("1", "created_at_i>1714564800")]
