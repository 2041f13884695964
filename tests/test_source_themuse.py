"""The Muse public jobs API -> Posting fields, from two saved result pages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider
from scrapers.themuse import country_of, jobs_url, map_muse_job, results_page

SAVED = Path(__file__).parent / "files" / "sources" / "themuse"


def _results(name: str) -> list[Any]:
    return results_page(json.loads((SAVED / name).read_text(encoding="utf-8")))[0]


@pytest.fixture(scope="module")
def director() -> dict[str, Any]:
    return map_muse_job(_results("page0.json")[0])


def test_page_gives_results_and_page_count() -> None:
    results, page_count = results_page(json.loads((SAVED / "page0.json").read_text()))
    assert (len(results), page_count) == (3, 2)


def test_other_json_is_not_a_results_page() -> None:
    with pytest.raises(MalformedRecord):
        results_page({"code": 403, "error": "Rate limit exceeded"})


def test_id_title_company_and_landing_page(director: dict[str, Any]) -> None:
    assert (director["source_id"], director["title"], director["company"]) == \
        ("9100101", "Director of Engineering, Payments", "Copperline Bank")
    assert director["url"] == \
        "https://www.themuse.com/jobs/copperlinebank/director-of-engineering-payments"


def test_location_country_and_remote(director: dict[str, Any]) -> None:
    assert (director["location_raw"], director["country"], director["remote"]) == \
        ("New York, NY", "US", False)
    service = map_muse_job(_results("page0.json")[1])
    assert (service["location_raw"], service["remote"]) == ("Flexible / Remote; Chicago, IL", True)


def test_country_of_city_and_country_names() -> None:
    assert country_of("London, United Kingdom") == "GB"
    assert country_of("Austin, TX") == "US"
    assert country_of("Somewhere") is None


def test_publication_date(director: dict[str, Any]) -> None:
    assert director["date_posted"] == date(2024, 5, 14)


def test_category_and_level(director: dict[str, Any]) -> None:
    assert director["department"] == "Software Engineering"
    assert director["experience_requirements_raw"] == "Management"


def test_description_keeps_sections(director: dict[str, Any]) -> None:
    assert director["description"].splitlines()[1:4] == [
        "What you'll do", "- Lead four engineering managers and their teams",
        "- Own the payments platform roadmap"]


def test_result_without_a_name_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        map_muse_job(_results("page1.json")[1])


def test_jobs_url_repeats_category_and_level_filters() -> None:
    query = parse_qsl(urlsplit(jobs_url("https://www.themuse.com", 3, ["IT", "Software Engineering"],
                                        ["Management"])).query)
    assert query == [("page", "3"), ("category", "IT"), ("category", "Software Engineering"),
                     ("level", "Management")]


def test_crawl_pages_with_filters_and_the_key_header(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADTRENDS_THEMUSE_KEY", "muse-key-for-tests")
    with ReplayServer(SAVED) as server:
        result = run_spider("themuse", "themuse", tmp_path / "m.jsonl", tmp_path / "s.json",
                            spider_args={"api_base": server.base_url, "levels": "Management"},
                            timeout=120)
        requests = server.requests_to("/api/public/jobs")
    titles = sorted(p.title for p in read_models(result.output, Posting))
    assert titles == ["Director of Engineering, Payments", "Engineering Manager, Mobile",
                      "IT Service Delivery Manager", "Senior Data Analyst"]
    assert result.dropped == {"unmappable_record": 1}
    assert [(r.query["page"], r.query["level"]) for r in requests] == [("0", "Management"),
                                                                       ("1", "Management")]
    assert {r.headers.get("X-Muse-Api-Key") for r in requests} == {"muse-key-for-tests"}
    assert all("api_key" not in r.query for r in requests)
