"""Lever postings API -> Posting fields, from saved answers, and one real crawl on loopback."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.lever import (
    api_base_for,
    map_lever_posting,
    next_skip,
    page_postings,
    postings_url,
)
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider
from scrapers.spiders.lever import LeverSpider

SAVED = Path(__file__).parent / "files" / "sources" / "lever"


def _page(name: str) -> list[Any]:
    return page_postings(json.loads((SAVED / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def postings() -> list[dict[str, Any]]:
    return _page("northwind-page1.json") + _page("northwind-page2.json")


@pytest.fixture(scope="module")
def head_of_it(postings: list[dict[str, Any]]) -> dict[str, Any]:
    return map_lever_posting(postings[0], "northwind")


def test_each_page_lists_its_postings() -> None:
    assert len(_page("northwind-page1.json")) == 3
    assert len(_page("northwind-page2.json")) == 2


def test_an_answer_that_is_not_a_list_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        page_postings({"ok": False, "error": "Document not found"})


def test_source_id_is_site_and_posting_id(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["source_id"] == "northwind:5b0f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a01"


def test_url_is_the_hosted_posting_page(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["url"] == \
        "https://jobs.lever.co/northwind/5b0f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a01"


def test_title_and_company_from_text_and_site(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["title"] == "Head of IT Infrastructure"
    assert head_of_it["company"] == "northwind"


def test_location_lists_every_location(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["location_raw"] == "Leeds, United Kingdom; Manchester, United Kingdom"
    assert head_of_it["country"] == "GB"


def test_location_falls_back_to_the_location_category(postings: list[dict[str, Any]]) -> None:
    mapped = map_lever_posting(postings[2], "northwind")
    assert mapped["location_raw"] == "Hull, United Kingdom"


@pytest.mark.parametrize(("index", "remote"), [(0, False), (1, True), (2, False), (3, True)])
def test_remote_from_workplace_type_or_a_remote_location(
        postings: list[dict[str, Any]], index: int, remote: bool) -> None:
    assert map_lever_posting(postings[index], "northwind")["remote"] is remote


def test_unspecified_workplace_without_remote_location_is_unknown(
        postings: list[dict[str, Any]]) -> None:
    posting = {**postings[3], "categories": {"location": "Leeds"}}
    assert map_lever_posting(posting, "northwind")["remote"] is None


def test_commitment_is_the_employment_type(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["employment_type"] == "Full-time"


def test_department_falls_back_to_team(postings: list[dict[str, Any]]) -> None:
    assert map_lever_posting(postings[0], "northwind")["department"] == "Technology"
    assert map_lever_posting(postings[3], "northwind")["department"] == "Service Desk"


def test_date_posted_from_created_at_milliseconds(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["date_posted_raw"] == "1714633200000"
    assert head_of_it["date_posted"] == date(2024, 5, 2)


def test_yearly_salary_range(head_of_it: dict[str, Any]) -> None:
    assert (head_of_it["salary_min"], head_of_it["salary_max"]) == (85000.0, 100000.0)
    assert head_of_it["salary_currency"] == "GBP"
    assert head_of_it["salary_period"] == "year"
    assert json.loads(head_of_it["salary_raw"])["interval"] == "per-year-salary"


def test_hourly_wage_range(postings: list[dict[str, Any]]) -> None:
    mapped = map_lever_posting(postings[2], "northwind")
    assert (mapped["salary_min"], mapped["salary_max"]) == (14.5, 16.0)
    assert (mapped["salary_currency"], mapped["salary_period"]) == ("GBP", "hour")


def test_no_salary_range_leaves_salary_empty(postings: list[dict[str, Any]]) -> None:
    mapped = map_lever_posting(postings[1], "northwind")
    assert "salary_min" not in mapped and "salary_raw" not in mapped


def test_description_keeps_opening_lists_and_closing_as_lines(
        head_of_it: dict[str, Any]) -> None:
    assert head_of_it["description"].splitlines() == [
        "About Northwind Freight",
        "Northwind moves temperature-controlled goods across the north of England.",
        "The role",
        ("You will lead our infrastructure, network and service desk teams through a move "
         "to the cloud."),
        "What you will do",
        "- Own the infrastructure roadmap and budget",
        "- Lead a team of 14 engineers and analysts",
        "- Run ITIL-based incident and change management",
        "What you bring",
        "- 8+ years in IT infrastructure, 3+ leading teams",
        "- Hands-on experience with Azure and VMware",
        "Northwind is an equal opportunity employer.",
    ]


def test_plain_description_keeps_its_lines_when_there_is_no_html() -> None:
    plain = {"id": "p1", "text": "IT Manager", "description": "", "lists": [],
             "descriptionPlain": "About us\nWe run 12 depots.\n"}
    assert map_lever_posting(plain, "northwind")["description"].splitlines() == [
        "About us", "We run 12 depots."]


def test_mapped_posting_is_a_valid_posting(head_of_it: dict[str, Any]) -> None:
    posting = Posting.model_validate(
        {**head_of_it, "source": "lever", "scraped_at": "2024-06-01T00:00:00Z"})
    assert posting.key == "lever:northwind:5b0f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a01"


def test_posting_without_title_is_malformed(postings: list[dict[str, Any]]) -> None:
    with pytest.raises(MalformedRecord, match="title"):
        map_lever_posting(postings[4], "northwind")


def test_posting_with_a_list_as_title_is_malformed(postings: list[dict[str, Any]]) -> None:
    with pytest.raises(MalformedRecord):
        map_lever_posting({**postings[0], "text": ["Head of IT"]}, "northwind")


def test_posting_without_any_description_is_malformed(postings: list[dict[str, Any]]) -> None:
    bare = {"id": "x1", "text": "CTO", "description": "", "lists": [], "additional": ""}
    with pytest.raises(MalformedRecord, match="description"):
        map_lever_posting(bare, "northwind")


def test_a_full_page_asks_for_the_next_and_a_short_page_ends() -> None:
    assert next_skip(0, 3, 3) == 3
    assert next_skip(3, 3, 2) is None


def test_postings_url_asks_for_json_with_skip_and_limit() -> None:
    assert postings_url("https://api.lever.co/", "north wind", 100, 50) == \
        "https://api.lever.co/v0/postings/north%20wind?mode=json&skip=100&limit=50"


def test_eu_host_selects_the_eu_instance() -> None:
    assert api_base_for("eu") == "https://api.eu.lever.co"
    assert LeverSpider(boards="acme", host="eu").api_base == "https://api.eu.lever.co"
    assert LeverSpider(boards="acme").api_base == "https://api.lever.co"


def test_api_base_wins_over_host() -> None:
    spider = LeverSpider(boards="acme", host="eu", api_base="http://127.0.0.1:9/")
    assert spider.api_base == "http://127.0.0.1:9"


def test_unknown_host_is_a_one_line_error() -> None:
    with pytest.raises(ValueError, match="lever host must be one of eu, global"):
        LeverSpider(boards="acme", host="apac")


def test_page_cap_stops_paging_and_is_counted() -> None:
    crawler = get_crawler(LeverSpider)
    spider = LeverSpider.from_crawler(crawler, boards="northwind", page_size="3",
                                      max_pages="1", api_base="http://127.0.0.1:9")
    url = postings_url(spider.api_base, "northwind", 0, 3)
    response = TextResponse(url, body=(SAVED / "northwind-page1.json").read_bytes())
    out = list(spider.parse_page(response, board="northwind", skip=0, page=1))
    assert len(out) == 3 and all(isinstance(item, dict) for item in out)
    assert crawler.stats.get_value("leadtrends/pages/page_cap_reached") == 1


def test_crawl_pages_through_a_site_and_counts_bad_records(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider(
            "lever", "lever", tmp_path / "lever.jsonl", tmp_path / "stats.json",
            spider_args={"boards": "northwind,ghost", "page_size": "3",
                         "api_base": server.base_url},
            timeout=120)
        requests = server.requests_to("/v0/postings/northwind")
    titles = [p.title for p in read_models(result.output, Posting)]
    assert sorted(titles) == ["Engineering Manager, Routing", "Head of IT Infrastructure",
                              "IT Service Delivery Manager", "Warehouse Shift Supervisor"]
    assert result.dropped == {"unmappable_record": 1}
    assert result.pages_skipped.get("board_not_found") == 1
    assert [(r.query["mode"], r.query["skip"], r.query["limit"]) for r in requests] == \
        [("json", "0", "3"), ("json", "3", "3")]
