"""RemoteOK feed -> Posting fields, from a saved feed; the legal notice is never a job."""

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
from scrapers.remoteok import feed_jobs, map_remoteok_job
from scrapers.runner import run_spider

SAVED = Path(__file__).parent / "files" / "sources" / "remoteok"


def _feed() -> tuple[list[Any], str | None]:
    return feed_jobs(json.loads((SAVED / "api.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def head_of_it() -> dict[str, Any]:
    return map_remoteok_job(_feed()[0][0])


def test_legal_notice_is_kept_apart_from_the_jobs() -> None:
    jobs, notice = _feed()
    assert [job["id"] for job in jobs] == ["1100201", "1100202", "1100203", "1100204"]
    assert notice is not None and notice.startswith("API Terms of Service")


def test_a_feed_that_is_not_an_array_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        feed_jobs({"error": "rate limited"})


def test_url_links_back_to_remoteok_for_attribution() -> None:
    engineering = map_remoteok_job(_feed()[0][2])
    assert engineering["url"] == \
        "https://remoteok.com/remote-jobs/remote-engineering-manager-brindle-1100203"


def test_title_company_location_and_remote(head_of_it: dict[str, Any]) -> None:
    assert (head_of_it["source_id"], head_of_it["title"], head_of_it["company"]) == \
        ("1100201", "Head of IT", "Lumenfold")
    assert (head_of_it["location_raw"], head_of_it["remote"]) == ("Europe", True)


def test_date_posted(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["date_posted_raw"] == "2024-05-14T15:20:00+00:00"
    assert head_of_it["date_posted"] == date(2024, 5, 14)


def test_salary_is_yearly_dollars(head_of_it: dict[str, Any]) -> None:
    assert (head_of_it["salary_min"], head_of_it["salary_max"], head_of_it["salary_currency"],
            head_of_it["salary_period"]) == (110000.0, 140000.0, "USD", "year")


def test_zero_salary_means_not_given() -> None:
    support = map_remoteok_job(_feed()[0][1])
    assert "salary_min" not in support and "salary_raw" not in support


def test_tags_become_the_category_label(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["department"] == "it, management, security, exec"


def test_description_keeps_headings_and_bullets(head_of_it: dict[str, Any]) -> None:
    assert head_of_it["description"].splitlines()[:4] == [
        "About Lumenfold", "We make scheduling software for veterinary clinics.",
        "What you will do", "- Own identity, devices and SaaS for 220 remote staff"]


def test_escaped_description_html_is_unescaped() -> None:
    support = map_remoteok_job(_feed()[0][1])
    assert support["description"].splitlines() == [
        "Help merchants track their parcels.", "- Answer chats and e-mails"]


def test_position_of_the_wrong_type_is_malformed() -> None:
    with pytest.raises(MalformedRecord):
        map_remoteok_job(_feed()[0][3])


def test_crawl_reads_the_feed_without_the_notice(tmp_path: Path) -> None:
    with ReplayServer(SAVED) as server:
        result = run_spider("remoteok", "remoteok", tmp_path / "r.jsonl", tmp_path / "s.json",
                            spider_args={"api_base": server.base_url}, timeout=120)
        requests = server.requests_to("/api")
    titles = sorted(p.title for p in read_models(result.output, Posting))
    assert titles == ["Customer Support Specialist", "Engineering Manager, Data Platform",
                      "Head of IT"]
    assert result.dropped == {"unmappable_record": 1}
    assert len(requests) == 1
