"""Workable jobs widget API -> Posting fields, from a saved account, and one real crawl."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider
from scrapers.workable import account_jobs, account_url, map_workable_job

SAVED = Path(__file__).parent / "files" / "sources" / "workable"


@pytest.fixture(scope="module")
def account() -> tuple[str | None, list[Any]]:
    return account_jobs(json.loads((SAVED / "brightkiln.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def jobs(account: tuple[str | None, list[Any]]) -> list[dict[str, Any]]:
    return account[1]


@pytest.fixture(scope="module")
def head_of_digital(jobs: list[dict[str, Any]]) -> dict[str, Any]:
    return map_workable_job(jobs[0], "brightkiln", "Brightkiln Ltd")


def test_account_answer_gives_company_name_and_every_job(
        account: tuple[str | None, list[Any]]) -> None:
    assert account[0] == "Brightkiln Ltd"
    assert len(account[1]) == 5


def test_other_json_is_not_an_account_answer() -> None:
    with pytest.raises(MalformedRecord):
        account_jobs({"error": "Not found"})


def test_source_id_url_title_and_company(head_of_digital: dict[str, Any]) -> None:
    assert head_of_digital["source_id"] == "brightkiln:A1B2C3D4E5"
    assert head_of_digital["url"] == "https://apply.workable.com/j/A1B2C3D4E5"
    assert head_of_digital["title"] == "Head of Digital"
    assert head_of_digital["company"] == "Brightkiln Ltd"


def test_company_falls_back_to_the_account(jobs: list[dict[str, Any]]) -> None:
    assert map_workable_job(jobs[0], "brightkiln")["company"] == "brightkiln"


def test_location_lists_visible_locations_with_iso_country(
        head_of_digital: dict[str, Any]) -> None:
    assert head_of_digital["location_raw"] == \
        "Dublin, County Dublin, Ireland; Cork, County Cork, Ireland"
    assert head_of_digital["country"] == "IE"


def test_location_falls_back_to_the_job_city_and_country(jobs: list[dict[str, Any]]) -> None:
    mapped = map_workable_job(jobs[2], "brightkiln")
    assert mapped["location_raw"] == "Stoke-on-Trent, England, United Kingdom"
    assert mapped["country"] is None


def test_remote_from_telecommuting(jobs: list[dict[str, Any]],
                                   head_of_digital: dict[str, Any]) -> None:
    assert head_of_digital["remote"] is False
    assert map_workable_job(jobs[1], "brightkiln")["remote"] is True


def test_structured_fields_are_kept_as_given(head_of_digital: dict[str, Any]) -> None:
    assert head_of_digital["employment_type"] == "Full-time"
    assert head_of_digital["department"] == "Technology"
    assert head_of_digital["occupational_category"] == "Information Technology"
    assert head_of_digital["experience_requirements_raw"] == "Director"
    assert head_of_digital["education_requirements_raw"] == "Bachelor's Degree"


def test_date_posted_from_published_on(head_of_digital: dict[str, Any]) -> None:
    assert head_of_digital["date_posted_raw"] == "2024-08-19"
    assert head_of_digital["date_posted"] == date(2024, 8, 19)


def test_date_posted_falls_back_to_created_at(jobs: list[dict[str, Any]]) -> None:
    assert map_workable_job(jobs[2], "brightkiln")["date_posted"] == date(2024, 9, 10)


def test_no_salary_is_invented(head_of_digital: dict[str, Any]) -> None:
    assert "salary_min" not in head_of_digital


def test_description_keeps_headings_and_list_items(head_of_digital: dict[str, Any]) -> None:
    # Bullet markers are left out of the comparison: Workable wraps each <li> text in a <p>.
    lines = [line.removeprefix("- ") for line in head_of_digital["description"].splitlines()]
    assert lines == [
        "About Brightkiln",
        "Brightkiln makes booking software for pottery studios and craft schools.",
        "Responsibilities", "Own the digital roadmap across web, app and data",
        "Manage product, design and engineering leads",
        "Requirements", "8+ years in digital products, 3+ leading teams",
        "Budget ownership above €2m"]


def test_bullets_are_marked(jobs: list[dict[str, Any]]) -> None:
    lines = map_workable_job(jobs[1], "brightkiln")["description"].splitlines()
    assert lines[:3] == ["What you'll do", "- Run our AWS estate and the security programme",
                         "- Lead two SREs"]


def test_mapped_job_is_a_valid_posting(head_of_digital: dict[str, Any]) -> None:
    posting = Posting.model_validate(
        {**head_of_digital, "source": "workable", "scraped_at": "2024-09-20T00:00:00Z"})
    assert posting.key == "workable:brightkiln:A1B2C3D4E5"


def test_job_without_description_is_malformed(jobs: list[dict[str, Any]]) -> None:
    with pytest.raises(MalformedRecord, match="description"):
        map_workable_job(jobs[3], "brightkiln")


def test_job_without_shortcode_is_malformed(jobs: list[dict[str, Any]]) -> None:
    with pytest.raises(MalformedRecord, match="shortcode"):
        map_workable_job(jobs[4], "brightkiln")


def test_account_url_asks_for_details() -> None:
    assert account_url("https://apply.workable.com/", "brightkiln") == \
        "https://apply.workable.com/api/v1/widget/accounts/brightkiln?details=true"


def test_crawl_reads_accounts_and_counts_bad_jobs(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider(
            "workable", "workable", tmp_path / "workable.jsonl", tmp_path / "stats.json",
            spider_args={"boards": "brightkiln,ghost", "api_base": server.base_url},
            timeout=120)
        requests = server.requests_to("/api/v1/widget/accounts/brightkiln")
    postings = list(read_models(result.output, Posting))
    assert sorted(p.title for p in postings) == [
        "Head of Digital", "Infrastructure & Security Manager", "Studio Partnerships Executive"]
    assert {p.company for p in postings} == {"Brightkiln Ltd"}
    assert result.dropped == {"unmappable_record": 2}
    assert result.pages_skipped.get("board_not_found") == 1
    assert [r.query for r in requests] == [{"details": "true"}]
