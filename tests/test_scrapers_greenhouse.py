"""Greenhouse job-board API job -> Posting fields, from a saved board response."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scrapers.greenhouse import NotABoardResponse, board_jobs, jobs_url, map_greenhouse_job

BOARD = Path(__file__).parent / "files" / "scrapers" / "greenhouse" / "acme.json"


@pytest.fixture(scope="module")
def jobs() -> list[dict[str, Any]]:
    return board_jobs(json.loads(BOARD.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def first(jobs: list[dict[str, Any]]) -> dict[str, Any]:
    return map_greenhouse_job(jobs[0], "acme")


def test_board_response_lists_every_job(jobs: list[dict[str, Any]]) -> None:
    assert [job["id"] for job in jobs] == [4401001, 4401002, 4401003]


def test_source_id_is_token_and_job_id(first: dict[str, Any]) -> None:
    assert first["source_id"] == "acme:4401001"


def test_url_is_the_absolute_url(first: dict[str, Any]) -> None:
    assert first["url"] == "https://job-boards.greenhouse.io/acme/jobs/4401001"


def test_title(first: dict[str, Any]) -> None:
    assert first["title"] == "Director of Technology Operations"


def test_company_from_company_name(first: dict[str, Any]) -> None:
    assert first["company"] == "Acme Corp"


def test_company_falls_back_to_the_board_token(jobs: list[dict[str, Any]]) -> None:
    job = {**jobs[0], "company_name": None}
    assert map_greenhouse_job(job, "acme")["company"] == "acme"


def test_location_raw_from_location_name(first: dict[str, Any]) -> None:
    assert first["location_raw"] == "London, England, United Kingdom"


def test_remote_when_the_location_says_so(jobs: list[dict[str, Any]]) -> None:
    assert map_greenhouse_job(jobs[1], "acme")["remote"] is True


def test_date_posted_from_first_published(first: dict[str, Any]) -> None:
    assert first["date_posted_raw"] == "2024-05-02T09:15:00-04:00"
    assert first["date_posted"] == date(2024, 5, 2)


def test_date_posted_falls_back_to_updated_at(jobs: list[dict[str, Any]]) -> None:
    mapped = map_greenhouse_job(jobs[1], "acme")
    assert mapped["date_posted_raw"] == "2024-07-10T08:00:00+01:00"
    assert mapped["date_posted"] == date(2024, 7, 10)


def test_employment_type_from_metadata(first: dict[str, Any]) -> None:
    assert first["employment_type"] == "Full-time"


def test_description_from_escaped_content(first: dict[str, Any]) -> None:
    assert first["description_html"].startswith('<div class="content-intro"><h3>About us</h3>')
    assert first["description"].splitlines() == [
        "About us", "Acme builds rockets & roller skates.", "Responsibilities",
        "- Run the 24/7 operations centre", "- Own incident management", "Requirements",
        "- 10+ years in technical operations"]


def test_jobs_url_asks_for_content() -> None:
    assert jobs_url("https://boards-api.greenhouse.io/", "acme") \
        == "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"


def test_other_json_is_not_a_board_response() -> None:
    with pytest.raises(NotABoardResponse):
        board_jobs({"status": 404, "error": "Job not found"})
