"""NYC Open Data "Jobs NYC Postings" (Socrata) -> Posting fields, from saved SODA pages."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.nyc_jobs import map_nyc_job, page_rows, page_url, parse_post_until
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider

SAVED = Path(__file__).parent / "files" / "sources" / "nyc_jobs"


def _rows(name: str) -> list[dict[str, Any]]:
    return page_rows(json.loads((SAVED / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def director() -> dict[str, Any]:
    return map_nyc_job(_rows("page1.json")[0])


def test_a_page_lists_every_row() -> None:
    assert [row["job_id"] for row in _rows("page1.json")] == ["700101", "700101", "700215"]


def test_source_id_is_the_job_id(director: dict[str, Any]) -> None:
    assert director["source_id"] == "700101"


def test_url_points_at_the_row_on_the_open_data_api(director: dict[str, Any]) -> None:
    assert director["url"] == \
        "https://data.cityofnewyork.us/resource/kpav-sd4t.json?job_id=700101"


def test_title_is_the_business_title(director: dict[str, Any]) -> None:
    assert director["title"] == "Director of IT Infrastructure Operations"


def test_company_is_the_agency_and_department_the_division(director: dict[str, Any]) -> None:
    assert director["company"] == "OFFICE OF TECHNOLOGY & INNOVATION"
    assert director["department"] == "Infrastructure Management"


def test_location_is_the_work_location_in_the_us(director: dict[str, Any]) -> None:
    assert director["location_raw"] == "2 Metrotech Ctr., Brooklyn"
    assert director["country"] == "US"


def test_dates_posted_and_post_until(director: dict[str, Any]) -> None:
    assert director["date_posted_raw"] == "2024-05-06T00:00:00.000"
    assert director["date_posted"] == date(2024, 5, 6)
    assert director["valid_through_raw"] == "05-JUL-2024"
    assert director["valid_through"] == date(2024, 7, 5)


def test_post_until_also_reads_iso_dates() -> None:
    assert parse_post_until("2024-07-05T00:00:00.000") == date(2024, 7, 5)
    assert parse_post_until("not a date") is None


def test_annual_salary_range(director: dict[str, Any]) -> None:
    assert (director["salary_min"], director["salary_max"]) == (135000.0, 172500.0)
    assert (director["salary_currency"], director["salary_period"]) == ("USD", "year")
    assert director["salary_raw"] == "$135,000.00 - $172,500.00 Annual"


def test_hourly_salary_and_part_time() -> None:
    lifeguard = map_nyc_job(_rows("page1.json")[2])
    assert (lifeguard["salary_min"], lifeguard["salary_period"]) == (24.61, "hour")
    assert lifeguard["employment_type"] == "Part-time"


def test_employment_type_and_civil_service_title(director: dict[str, Any]) -> None:
    assert director["employment_type"] == "Full-time"
    assert director["occupational_category"] == "10050 COMPUTER SYSTEMS MANAGER"


def test_description_keeps_each_column_as_a_section(director: dict[str, Any]) -> None:
    lines = director["description"].splitlines()
    assert lines[0] == "Job Description"
    assert "- Run incident, problem and change management for 24/7 services" in lines
    assert lines.index("Minimum Qualifications") < lines.index("Preferred Skills") \
        < lines.index("Additional Information")
    assert "- ITIL v4 and vendor contract management" in lines


def test_row_without_business_title_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        map_nyc_job(_rows("page2.json")[0])


def test_an_answer_that_is_not_an_array_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        page_rows({"error": True, "message": "query.soql.no-such-column"})


def test_page_url_pages_in_stable_order() -> None:
    query = parse_qs(urlsplit(page_url("https://data.cityofnewyork.us", 2000, 1000)).query)
    assert query == {"$limit": ["1000"], "$offset": ["2000"], "$order": [":id"]}


def test_since_filters_on_posting_updated_in_new_york_time() -> None:
    since = datetime(2024, 5, 7, 16, 30, tzinfo=UTC)
    query = parse_qs(urlsplit(page_url("https://x", 0, 10, since)).query)
    assert query["$where"] == ["posting_updated > '2024-05-07T12:30:00'"]


def test_crawl_pages_skips_twins_and_filters_by_since(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADTRENDS_SOCRATA_APP_TOKEN", "token-for-tests")
    with ReplayServer(SAVED) as server:
        result = run_spider(
            "nyc_jobs", "nyc-open-data", tmp_path / "nyc.jsonl", tmp_path / "stats.json",
            spider_args={"api_base": server.base_url, "page_size": "3",
                         "since": "2024-04-01T00:00:00+00:00"},
            timeout=120)
        requests = server.requests_to("/resource/kpav-sd4t.json")
    postings = list(read_models(result.output, Posting))
    assert sorted(p.title for p in postings) == [
        "Director of IT Infrastructure Operations", "IT Service Delivery Manager",
        "Seasonal Lifeguard Supervisor"]
    assert {p.source for p in postings} == {"nyc-open-data"}
    assert result.dropped == {"duplicate_id": 1, "unmappable_record": 1}
    assert [r.query["$offset"] for r in requests] == ["0", "3"]
    assert {r.query["$where"] for r in requests} == \
        {"posting_updated > '2024-03-31T20:00:00'"}
    assert {r.headers.get("X-App-Token") for r in requests} == {"token-for-tests"}
