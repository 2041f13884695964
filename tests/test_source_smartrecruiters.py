"""SmartRecruiters Posting API -> Posting fields, from saved answers, and one real crawl."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider
from scrapers.smartrecruiters import (
    detail_url,
    listing_page,
    map_smartrecruiters_posting,
    next_offset,
    postings_url,
    unchanged_since,
)
from scrapers.spiders.smartrecruiters import SmartRecruitersSpider

SAVED = Path(__file__).parent / "files" / "sources" / "smartrecruiters"
COMPANY = "HalcyonHealth"


def _load(name: str) -> Any:
    return json.loads((SAVED / name).read_text(encoding="utf-8"))


def _posting(posting_id: str) -> dict[str, Any]:
    return map_smartrecruiters_posting(_load(f"posting-{posting_id}.json"), COMPANY)


@pytest.fixture(scope="module")
def infra_manager() -> dict[str, Any]:
    return _posting("744000041000001")


def test_listing_pages_give_postings_and_the_total() -> None:
    first, total = listing_page(_load("halcyon-page1.json"))
    second, _ = listing_page(_load("halcyon-page2.json"))
    assert (len(first), len(second), total) == (3, 3, 6)


def test_listing_without_content_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        listing_page({"message": "Company not found"})


def test_paging_continues_until_total_found() -> None:
    assert next_offset(0, 3, 6) == 3
    assert next_offset(3, 3, 6) is None
    assert next_offset(3, 0, 10) is None


def test_listing_url_pages_by_offset_and_limit() -> None:
    assert postings_url("https://api.smartrecruiters.com/", COMPANY, 100, 100) == \
        "https://api.smartrecruiters.com/v1/companies/HalcyonHealth/postings?offset=100&limit=100"


def test_detail_is_fetched_from_ref_else_built_from_the_id() -> None:
    listed = _load("halcyon-page1.json")["content"][0]
    real = {**listed, "ref": "https://api.smartrecruiters.com/v1/companies/H/postings/7"}
    assert detail_url("http://x", COMPANY, real) == real["ref"]
    assert detail_url("http://x/", COMPANY, {"id": "7"}) == \
        "http://x/v1/companies/HalcyonHealth/postings/7"
    assert detail_url("http://x", COMPANY, {"name": "no id"}) is None


def test_source_id_url_title_and_company(infra_manager: dict[str, Any]) -> None:
    assert infra_manager["source_id"] == "HalcyonHealth:744000041000001"
    assert infra_manager["url"] == ("https://jobs.smartrecruiters.com/HalcyonHealth/"
                                    "744000041000001-it-infrastructure-manager")
    assert infra_manager["title"] == "IT Infrastructure Manager"
    assert infra_manager["company"] == "Halcyon Health Group"


def test_location_and_iso_country(infra_manager: dict[str, Any]) -> None:
    assert infra_manager["location_raw"] == "Bristol, England, United Kingdom"
    assert infra_manager["country"] == "GB"
    assert infra_manager["remote"] is False


def test_location_is_built_from_parts_without_full_location() -> None:
    mapped = _posting("744000041000002")
    assert mapped["location_raw"] == "Cardiff, Wales, GB"


def test_remote_flag_from_location() -> None:
    assert _posting("744000041000004")["remote"] is True


def test_labels_give_employment_type_department_function_and_level(
        infra_manager: dict[str, Any]) -> None:
    assert infra_manager["employment_type"] == "Full-time"
    assert infra_manager["department"] == "Digital & IT"
    assert infra_manager["occupational_category"] == "Information Technology"
    assert infra_manager["experience_requirements_raw"] == "Mid-Senior Level"


def test_department_falls_back_to_function() -> None:
    assert _posting("744000041000004")["department"] == "Information Technology"


def test_date_posted_from_released_date(infra_manager: dict[str, Any]) -> None:
    assert infra_manager["date_posted_raw"] == "2024-11-04T09:12:30.000Z"
    assert infra_manager["date_posted"] == date(2024, 11, 4)


def test_description_keeps_every_section_in_order(infra_manager: dict[str, Any]) -> None:
    assert infra_manager["description"].splitlines() == [
        "Company Description",
        "Halcyon Health runs 14 community hospitals across the south-west of England and Wales.",
        "Job Description",
        "Lead the team that runs our data centres, networks and end-user devices.",
        "- Manage 11 infrastructure engineers",
        "- Own the hybrid cloud roadmap (Azure and on-premises VMware)",
        "- Report service performance to the CIO",
        "Qualifications",
        "- 7+ years in IT infrastructure, including 3 years managing people",
        "- ITIL v4 Foundation",
        "Additional Information",
        "Salary £68,000 - £78,000 plus NHS-equivalent pension.",
    ]


def test_empty_sections_leave_no_orphan_heading() -> None:
    lines = _posting("744000041000002")["description"].splitlines()
    assert "Additional Information" not in lines


def test_mapped_posting_is_a_valid_posting(infra_manager: dict[str, Any]) -> None:
    posting = Posting.model_validate(
        {**infra_manager, "source": "smartrecruiters", "scraped_at": "2024-11-20T00:00:00Z"})
    assert posting.country == "GB"


def test_posting_without_name_is_malformed() -> None:
    with pytest.raises(MalformedRecord, match="title"):
        _posting("744000041000005")


def test_posting_without_job_ad_is_malformed() -> None:
    bare = {**_load("posting-744000041000001.json"), "jobAd": {"sections": {}}}
    with pytest.raises(MalformedRecord, match="job ad"):
        map_smartrecruiters_posting(bare, COMPANY)


def test_postings_released_before_since_are_unchanged() -> None:
    nurse = _load("halcyon-page1.json")["content"][2]
    since = datetime(2024, 7, 1, tzinfo=UTC)
    assert unchanged_since(nurse, since) is True
    assert unchanged_since(nurse, None) is False
    assert unchanged_since({**nurse, "releasedDate": "2024-08-01T00:00:00.000Z"},
                           since) is False
    assert unchanged_since({**nurse, "releasedDate": None}, since) is False


def test_naive_since_is_read_as_utc() -> None:
    nurse = _load("halcyon-page1.json")["content"][2]
    assert unchanged_since(nurse, datetime(2024, 6, 1, 8, 0)) is True
    assert unchanged_since(nurse, datetime(2024, 6, 1, 6, 0)) is False


def test_page_size_above_the_api_maximum_is_refused() -> None:
    with pytest.raises(ValueError, match="page_size must be 1..100"):
        SmartRecruitersSpider(boards=COMPANY, page_size="500")


def test_page_cap_stops_paging_and_is_counted() -> None:
    crawler = get_crawler(SmartRecruitersSpider)
    spider = SmartRecruitersSpider.from_crawler(
        crawler, boards=COMPANY, page_size="3", max_pages="1", api_base="http://127.0.0.1:9")
    body = (SAVED / "halcyon-page1.json").read_bytes().replace(b"__BASE__", b"http://127.0.0.1:9")
    response = TextResponse(postings_url(spider.api_base, COMPANY, 0, 3), body=body)
    out = list(spider.parse_listing(response, board=COMPANY, offset=0, page=1))
    assert [request.url for request in out] == [
        f"http://127.0.0.1:9/v1/companies/HalcyonHealth/postings/74400004100000{n}"
        for n in (1, 2, 3)]
    assert crawler.stats.get_value("leadtrends/pages/page_cap_reached") == 1


def test_crawl_pages_reads_details_and_skips_unchanged_postings(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider(
            "smartrecruiters", "smartrecruiters", tmp_path / "sr.jsonl", tmp_path / "stats.json",
            spider_args={"boards": f"{COMPANY},NoSuchCo", "page_size": "3",
                         "since": "2024-07-01T00:00:00+00:00", "api_base": server.base_url},
            timeout=120)
        listing = server.requests_to(f"/v1/companies/{COMPANY}/postings")
        nurse = server.requests_to(f"/v1/companies/{COMPANY}/postings/744000041000003")
    titles = sorted(p.title for p in read_models(result.output, Posting))
    assert titles == ["Chief Information Officer", "IT Infrastructure Manager",
                      "Technical Operations Manager"]
    assert result.dropped == {"detail_not_found": 1, "unmappable_record": 1}
    assert result.pages_skipped.get("unchanged_since_last_crawl") == 1
    assert result.pages_skipped.get("board_not_found") == 1
    assert [(r.query["offset"], r.query["limit"]) for r in listing] == [("0", "3"), ("3", "3")]
    assert nurse == []
