"""USAJOBS Search API item -> Posting fields, from saved search pages; keys stay secret."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider
from scrapers.spiders.usajobs import UsajobsSpider
from scrapers.usajobs import date_posted_days, map_usajobs_item, search_items, search_url

SAVED = Path(__file__).parent / "files" / "sources" / "usajobs"
KEY = "usajobs-test-key-7f3a"
EMAIL = "crawler@example.org"


def _items(name: str) -> list[Any]:
    return search_items(json.loads((SAVED / name).read_text(encoding="utf-8")))[0]


@pytest.fixture(scope="module")
def manager() -> dict[str, Any]:
    return map_usajobs_item(_items("page1.json")[0])


def test_search_page_lists_items_and_page_count() -> None:
    items, pages = search_items(json.loads((SAVED / "page1.json").read_text()))
    assert [i["MatchedObjectId"] for i in items] == ["790001001", "790001002", "790001003"]
    assert pages == 2


def test_other_json_is_not_a_search_answer() -> None:
    with pytest.raises(MalformedRecord):
        search_items({"error": "Unauthorized"})


def test_source_id_url_and_title(manager: dict[str, Any]) -> None:
    assert manager["source_id"] == "790001001"
    assert manager["url"] == "https://www.usajobs.gov:443/GetJob/ViewDetails/790001001"
    assert manager["title"] == "Supervisory IT Specialist (Infrastructure Operations Manager)"


def test_company_is_the_organisation_and_department_the_department(
        manager: dict[str, Any]) -> None:
    assert manager["company"] == "Bureau of Land and Water Records"
    assert manager["department"] == "Department of the Interior"


def test_location_display_and_country(manager: dict[str, Any]) -> None:
    assert manager["location_raw"] == "Denver, Colorado"
    assert manager["country"] == "US"
    assert manager["remote"] is False


def test_remote_indicator_marks_remote_jobs() -> None:
    assert map_usajobs_item(_items("page1.json")[1])["remote"] is True


def test_publication_and_close_dates(manager: dict[str, Any]) -> None:
    assert manager["date_posted"] == date(2024, 5, 13)
    assert manager["valid_through_raw"] == "2024-05-27T23:59:59.9970"
    assert manager["valid_through"] == date(2024, 5, 27)


def test_yearly_and_hourly_remuneration(manager: dict[str, Any]) -> None:
    assert (manager["salary_min"], manager["salary_max"]) == (139395.0, 181216.0)
    assert (manager["salary_currency"], manager["salary_period"]) == ("USD", "year")
    hourly = map_usajobs_item(_items("page1.json")[1])
    assert (hourly["salary_min"], hourly["salary_period"]) == (33.52, "hour")


def test_series_is_the_occupational_category(manager: dict[str, Any]) -> None:
    assert manager["occupational_category"] == "2210 Information Technology Management"


def test_description_has_summary_duties_and_qualifications(manager: dict[str, Any]) -> None:
    lines = manager["description"].splitlines()
    summary = ("Lead the branch that runs the bureau's data centres, wide-area network and "
               "end-user services for 3,000 staff.")
    assert lines[:2] == ["Summary", summary]
    assert "- Supervise four teams of federal staff and contractors." in lines
    assert lines.index("Duties") < lines.index("Qualifications") < lines.index("Education")


def test_title_of_the_wrong_type_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        map_usajobs_item(_items("page2.json")[0])


def test_search_url_asks_for_the_series_and_page() -> None:
    query = parse_qs(urlsplit(search_url("https://data.usajobs.gov", 2, keyword="manager",
                                         days=7)).query)
    assert query == {"JobCategoryCode": ["2210"], "Keyword": ["manager"], "DatePosted": ["7"],
                     "ResultsPerPage": ["500"], "Page": ["2"]}


def test_date_posted_covers_since_in_whole_days() -> None:
    now = datetime(2024, 5, 20, 12, tzinfo=UTC)
    assert date_posted_days(now - timedelta(days=2, hours=3), now) == 3
    assert date_posted_days(now - timedelta(days=90), now) is None
    assert date_posted_days(None, now) is None


def test_spider_refuses_to_start_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEADTRENDS_USAJOBS_KEY", raising=False)
    monkeypatch.setenv("LEADTRENDS_USAJOBS_EMAIL", EMAIL)
    with pytest.raises(ValueError, match="LEADTRENDS_USAJOBS_KEY"):
        UsajobsSpider()


def test_crawl_sends_key_headers_pages_and_never_logs_the_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADTRENDS_USAJOBS_KEY", KEY)
    monkeypatch.setenv("LEADTRENDS_USAJOBS_EMAIL", EMAIL)
    since = (datetime.now(UTC) - timedelta(days=4, hours=12)).isoformat()
    log = tmp_path / "crawl.log"
    with ReplayServer(SAVED) as server:
        result = run_spider(
            "usajobs", "usajobs", tmp_path / "usajobs.jsonl", tmp_path / "stats.json",
            spider_args={"api_base": server.base_url, "results_per_page": "3",
                         "since": since},
            settings={"LOG_LEVEL": "DEBUG"}, log_file=log, timeout=120)
        requests = server.requests_to("/api/Search")
    titles = sorted(p.title for p in read_models(result.output, Posting))
    assert titles == ["Deputy Chief Information Officer", "IT Program Manager (Service Delivery)",
                      "IT Specialist (Customer Support)",
                      "Supervisory IT Specialist (Infrastructure Operations Manager)"]
    assert result.dropped == {"unmappable_record": 1}
    assert [(r.query["Page"], r.query["DatePosted"]) for r in requests] == [("1", "5"),
                                                                           ("2", "5")]
    assert {r.headers.get("Authorization-Key") for r in requests} == {KEY}
    assert {r.headers.get("User-Agent") for r in requests} == {EMAIL}
    assert KEY not in log.read_text(encoding="utf-8")
    assert KEY not in json.dumps(result.stats)
