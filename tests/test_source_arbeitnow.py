"""Arbeitnow job board API -> Posting fields, from two saved pages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from leadtrends.jsonl import read_models
from leadtrends.model import Posting
from leadtrends.replay_server import ReplayServer
from scrapers.arbeitnow import board_page, map_arbeitnow_job, page_url
from scrapers.record_fields import MalformedRecord
from scrapers.runner import run_spider

SAVED = Path(__file__).parent / "files" / "sources" / "arbeitnow"


def _page(name: str) -> tuple[list[Any], int | None]:
    return board_page(json.loads((SAVED / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def manager() -> dict[str, Any]:
    return map_arbeitnow_job(_page("page1.json")[0][0])


def test_page_gives_jobs_and_the_next_page_number() -> None:
    jobs, next_page = _page("page1.json")
    assert (len(jobs), next_page) == (3, 2)
    assert _page("page2.json")[1] is None


def test_other_json_is_not_a_board_page() -> None:
    with pytest.raises(MalformedRecord):
        board_page({"message": "Too Many Attempts."})


def test_slug_url_title_and_company(manager: dict[str, Any]) -> None:
    assert manager["source_id"] == "it-infrastructure-manager-kornfeld-logistik-berlin-4471"
    assert manager["url"].startswith("https://www.arbeitnow.com/jobs/companies/kornfeld")
    assert (manager["title"], manager["company"]) == ("IT Infrastructure Manager (m/w/d)",
                                                      "Kornfeld Logistik GmbH")


def test_location_and_remote_flag(manager: dict[str, Any]) -> None:
    assert (manager["location_raw"], manager["remote"]) == ("Berlin", False)
    assert map_arbeitnow_job(_page("page1.json")[0][1])["remote"] is True


def test_created_at_epoch_is_the_posting_date(manager: dict[str, Any]) -> None:
    assert manager["date_posted_raw"] == "1715688000"
    assert manager["date_posted"] == date(2024, 5, 14)


def test_job_types_and_tags(manager: dict[str, Any]) -> None:
    assert manager["employment_type"] == "full time, berufserfahren"
    assert manager["department"] == "IT, Management, Infrastructure"


def test_description_keeps_sections(manager: dict[str, Any]) -> None:
    lines = manager["description"].splitlines()
    assert lines[:3] == ["Deine Aufgaben", "- Leitung des Infrastruktur-Teams (6 Personen)",
                         "- Verantwortung für Rechenzentrum, Netzwerk und Backup"]
    assert "Dein Profil" in lines


def test_missing_title_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        map_arbeitnow_job(_page("page2.json")[0][1])


def test_page_url() -> None:
    assert page_url("https://www.arbeitnow.com/", 3) == \
        "https://www.arbeitnow.com/api/job-board-api?page=3"


def test_crawl_follows_next_links_and_skips_repeats(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider("arbeitnow", "arbeitnow", tmp_path / "a.jsonl", tmp_path / "s.json",
                            spider_args={"api_base": server.base_url}, timeout=120)
        requests = server.requests_to("/api/job-board-api")
    titles = sorted(p.title for p in read_models(result.output, Posting))
    assert titles == ["Engineering Manager Backend", "Head of IT Operations",
                      "IT Infrastructure Manager (m/w/d)", "Lagerhelfer (m/w/d)"]
    assert result.dropped == {"duplicate_id": 1, "unmappable_record": 1}
    assert [r.query["page"] for r in requests] == ["1", "2"]


def test_crawl_stops_at_the_page_cap(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider("arbeitnow", "arbeitnow", tmp_path / "a.jsonl", tmp_path / "s.json",
                            spider_args={"api_base": server.base_url, "max_pages": "1"},
                            timeout=120)
        requests = server.requests_to("/api/job-board-api")
    assert len(requests) == 1
    assert result.pages_skipped.get("page_cap_reached") == 1
