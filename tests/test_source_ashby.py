"""Ashby job-posting API -> Posting fields, from a saved board, and one real crawl."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.ashby import board_jobs, board_url, is_listed, map_ashby_job
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider

SAVED = Path(__file__).parent / "files" / "sources" / "ashby"


@pytest.fixture(scope="module")
def jobs() -> list[dict[str, Any]]:
    return board_jobs(json.loads((SAVED / "quillon.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def director(jobs: list[dict[str, Any]]) -> dict[str, Any]:
    return map_ashby_job(jobs[0], "quillon")


def test_board_answer_lists_every_job(jobs: list[dict[str, Any]]) -> None:
    assert len(jobs) == 5


def test_other_json_is_not_a_board_answer() -> None:
    with pytest.raises(MalformedRecord):
        board_jobs({"apiVersion": "1", "error": "unexpected"})


def test_unlisted_jobs_are_recognised(jobs: list[dict[str, Any]]) -> None:
    assert [is_listed(job) for job in jobs] == [True, True, True, False, True]


def test_source_id_url_title_and_company(director: dict[str, Any]) -> None:
    assert director["source_id"] == "quillon:7d1c2b3a-0000-4a1b-9c8d-111111111111"
    assert director["url"] == \
        "https://jobs.ashbyhq.com/quillon/7d1c2b3a-0000-4a1b-9c8d-111111111111"
    assert director["title"] == "Director of Engineering, Platform"
    assert director["company"] == "quillon"


def test_id_falls_back_to_the_end_of_the_job_url(jobs: list[dict[str, Any]]) -> None:
    job = {key: value for key, value in jobs[1].items() if key != "id"}
    assert map_ashby_job(job, "quillon")["source_id"] == \
        "quillon:7d1c2b3a-0000-4a1b-9c8d-222222222222"


def test_location_includes_secondary_locations(director: dict[str, Any]) -> None:
    assert director["location_raw"] == "Berlin, Germany; Amsterdam, Netherlands"


def test_country_only_when_given_as_an_iso_code(jobs: list[dict[str, Any]],
                                                director: dict[str, Any]) -> None:
    assert director["country"] is None
    assert map_ashby_job(jobs[1], "quillon")["country"] == "GB"


@pytest.mark.parametrize(("index", "remote"), [(0, False), (1, True), (2, False)])
def test_remote_from_workplace_type_or_is_remote(jobs: list[dict[str, Any]], index: int,
                                                 remote: bool) -> None:
    assert map_ashby_job(jobs[index], "quillon")["remote"] is remote


def test_is_remote_decides_when_workplace_type_is_missing(jobs: list[dict[str, Any]]) -> None:
    job = {**jobs[1], "workplaceType": None, "isRemote": True}
    assert map_ashby_job(job, "quillon")["remote"] is True


def test_employment_type_is_readable(jobs: list[dict[str, Any]],
                                     director: dict[str, Any]) -> None:
    assert director["employment_type"] == "Full-time"
    assert map_ashby_job(jobs[2], "quillon")["employment_type"] == "Part-time"


def test_department_from_department(director: dict[str, Any]) -> None:
    assert director["department"] == "Engineering"


def test_date_posted_from_published_at(director: dict[str, Any]) -> None:
    assert director["date_posted_raw"] == "2024-09-03T08:30:00.000+00:00"
    assert director["date_posted"] == date(2024, 9, 3)


def test_salary_from_the_summary_component(director: dict[str, Any]) -> None:
    assert (director["salary_min"], director["salary_max"]) == (120000.0, 150000.0)
    assert (director["salary_currency"], director["salary_period"]) == ("EUR", "year")
    assert director["salary_raw"] == "€120K - €150K"


def test_salary_spans_every_tier_without_a_summary(jobs: list[dict[str, Any]]) -> None:
    compensation = {**jobs[0]["compensation"], "summaryComponents": []}
    mapped = map_ashby_job({**jobs[0], "compensation": compensation}, "quillon")
    assert (mapped["salary_min"], mapped["salary_max"]) == (120000.0, 150000.0)


def test_hourly_pay(jobs: list[dict[str, Any]]) -> None:
    mapped = map_ashby_job(jobs[2], "quillon")
    assert (mapped["salary_min"], mapped["salary_max"], mapped["salary_period"]) == \
        (12.0, 14.0, "hour")


def test_compensation_the_company_hides_is_not_used(jobs: list[dict[str, Any]]) -> None:
    job = {**jobs[1], "shouldDisplayCompensationOnJobPostings": False}
    assert "salary_min" not in map_ashby_job(job, "quillon")


def test_job_without_compensation_has_no_salary(jobs: list[dict[str, Any]]) -> None:
    assert "salary_min" not in map_ashby_job(jobs[3], "quillon")


def test_description_keeps_headings_and_bullets(director: dict[str, Any]) -> None:
    assert director["description"].splitlines() == [
        "About Quillon", "Quillon builds invoicing software for small firms.",
        "What you'll do", "- Lead four platform teams (28 engineers)",
        "- Own reliability targets and the on-call rota",
        "What we look for", "- 10+ years in software, 4+ managing managers",
        "- Experience with Kubernetes and Terraform at scale"]


def test_plain_description_is_used_when_there_is_no_html(jobs: list[dict[str, Any]]) -> None:
    mapped = map_ashby_job(jobs[2], "quillon")
    assert mapped["description"].splitlines() == [
        "Answer customer questions by chat and email.", "Work in shifts."]


def test_mapped_job_is_a_valid_posting(director: dict[str, Any]) -> None:
    posting = Posting.model_validate(
        {**director, "source": "ashby", "scraped_at": "2024-10-21T00:00:00Z"})
    assert posting.salary_period == "year"


def test_job_whose_title_is_not_text_is_malformed(jobs: list[dict[str, Any]]) -> None:
    with pytest.raises(MalformedRecord, match="title"):
        map_ashby_job(jobs[4], "quillon")


def test_job_without_description_is_malformed(jobs: list[dict[str, Any]]) -> None:
    with pytest.raises(MalformedRecord, match="description"):
        map_ashby_job({**jobs[1], "descriptionHtml": "", "descriptionPlain": ""}, "quillon")


def test_board_url_asks_for_compensation() -> None:
    assert board_url("https://api.ashbyhq.com/", "quillon") == \
        "https://api.ashbyhq.com/posting-api/job-board/quillon?includeCompensation=true"


def test_crawl_reads_boards_and_counts_what_it_skips(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider(
            "ashby", "ashby", tmp_path / "ashby.jsonl", tmp_path / "stats.json",
            spider_args={"boards": "quillon,ghost,broken", "api_base": server.base_url},
            timeout=120)
        requests = server.requests_to("/posting-api/job-board/quillon")
    titles = sorted(p.title for p in read_models(result.output, Posting))
    assert titles == ["Customer Support Specialist", "Director of Engineering, Platform",
                      "IT Operations Manager"]
    assert result.dropped == {"malformed_json": 1, "unlisted": 1, "unmappable_record": 1}
    assert result.pages_skipped.get("board_not_found") == 1
    assert [r.query for r in requests] == [{"includeCompensation": "true"}]
