"""The sample board: a deterministic synthetic careers site served over real loopback HTTP."""

from __future__ import annotations

import functools
import html
import json
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any
from urllib.robotparser import RobotFileParser

import pytest

from leadtrends.sample_board import (
    SKILLS,
    TRENDS,
    Advert,
    SampleBoard,
    SampleBoardServer,
    generate_board,
)

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LD_JSON = re.compile(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', re.DOTALL)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def board() -> SampleBoard:
    return generate_board()


@pytest.fixture(scope="module")
def server(board: SampleBoard):
    with SampleBoardServer(board) as running:
        yield running


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def fetch_json(url: str) -> Any:
    status, content_type, body = fetch(url)
    assert status == 200, url
    assert content_type.startswith("application/json")
    return json.loads(body)


def jsonld_block(page: bytes) -> str:
    match = LD_JSON.search(page.decode("utf-8"))
    assert match, "page has no ld+json script"
    return match.group(1)


def job_posting(data: dict[str, Any]) -> dict[str, Any]:
    nodes = data.get("@graph", [data])
    return next(node for node in nodes if node.get("@type") == "JobPosting")


def sitemap_locs(url: str) -> list[str]:
    status, _, body = fetch(url)
    assert status == 200
    root = ET.fromstring(body)
    return [loc.text or "" for loc in root.iterfind(".//sm:loc", SITEMAP_NS)]


@functools.cache
def _skill_pattern() -> re.Pattern[str]:
    phrases: list[tuple[str, str]] = []
    for term in SKILLS.values():
        phrases += [(term.name, term.name), *((alias, term.name) for alias in term.aliases)]
    # Longest first, so "AWS Certified Solutions Architect" wins over "AWS".
    phrases.sort(key=lambda pair: -len(pair[0]))
    alternation = "|".join(re.escape(phrase) for phrase, _ in phrases)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def skills_written_in(advert: Advert) -> set[str]:
    lookup = {}
    for term in SKILLS.values():
        for phrase in (term.name, *term.aliases):
            lookup[phrase.lower()] = term.name
    text = html.unescape(re.sub(r"<[^>]+>", "\n", advert.description_html))
    return {lookup[match.group(0).lower()] for match in _skill_pattern().finditer(text)}


# -- generation ----------------------------------------------------------------------------


def test_same_arguments_give_byte_identical_site() -> None:
    first = generate_board(seed=7, n_adverts=300).pages("http://127.0.0.1:1")
    second = generate_board(seed=7, n_adverts=300).pages("http://127.0.0.1:1")
    assert first == second
    other = generate_board(seed=8, n_adverts=300).pages("http://127.0.0.1:1")
    assert other != first


def test_default_board_spans_46_months_with_even_gently_growing_volume(
        board: SampleBoard) -> None:
    assert len(board.adverts) == 1500
    per_month = Counter((a.date_posted.year, a.date_posted.month) for a in board.adverts)
    assert len(per_month) == 46  # the brief asks for at least 36
    assert min(per_month) == (2023, 1) and max(per_month) == (2026, 10)
    counts = [per_month[key] for key in sorted(per_month)]
    assert sum(counts[-6:]) > sum(counts[:6])
    assert max(counts) < 2 * min(counts)


def test_most_adverts_are_tech_leadership_at_every_seniority(board: SampleBoard) -> None:
    targets = [a for a in board.adverts if a.is_target]
    assert len(targets) / len(board.adverts) >= 0.60
    assert {a.seniority for a in targets} == {"lead", "manager", "director", "executive"}
    families = Counter(a.role_family for a in board.adverts)
    assert families["individual_contributor"] > 100 and families["other_management"] > 50
    assert {a.seniority for a in board.adverts if a.role_family == "individual_contributor"} \
        == {"individual"}


def test_titles_follow_the_classification_contract(board: SampleBoard) -> None:
    for advert in board.adverts:
        title = advert.title
        if advert.seniority == "executive":
            assert re.search(r"Chief .* Officer|\bC[IT]O\b|CISO|CDO", title), title
        elif advert.seniority == "director":
            assert re.search(r"Director|Head of|\bVP\b|Vice President", title), title
        elif advert.seniority == "manager":
            assert "Manager" in title, title
        elif advert.seniority == "lead":
            assert "Lead" in title, title
        else:
            assert not re.search(r"Manager|Lead|Head|Director|Chief", title), title


def test_each_advert_lives_in_exactly_one_channel(board: SampleBoard) -> None:
    share = len(board.careers_adverts) / len(board.adverts)
    assert 0.6 <= share <= 0.8
    for advert in board.adverts:
        assert (advert.board_token is None) == (advert.channel == "site")
        if advert.board_token:
            assert advert.board_token == advert.company_slug
    by_company = Counter((a.company, a.channel) for a in board.adverts)
    assert len({company for company, _ in by_company}) == len(by_company)
    assert len({a.company for a in board.adverts}) >= 35
    assert {a.country for a in board.adverts} == {"GB", "US", "IE", "DE", "NL"}
    assert any(a.remote for a in board.adverts)


def test_ground_truth_skills_are_exactly_the_skills_written_in_each_advert(
        board: SampleBoard) -> None:
    for advert in board.adverts:
        assert skills_written_in(advert) == set(advert.skills), advert.id


def test_rising_skills_rise_and_falling_skills_fall_in_tech_leadership_adverts(
        board: SampleBoard) -> None:
    targets = [a for a in board.adverts if a.is_target]
    first = [a for a in targets if a.date_posted < date(2024, 1, 1)]
    last = [a for a in targets if a.date_posted >= date(2025, 11, 1)]
    assert len(first) > 150 and len(last) > 150
    assert "rising" in TRENDS.values() and "falling" in TRENDS.values()
    for skill, direction in TRENDS.items():
        early = sum(skill in a.skills for a in first) / len(first)
        late = sum(skill in a.skills for a in last) / len(last)
        low, high = (early, late) if direction == "rising" else (late, early)
        assert low <= 0.15 and high >= 0.35, (skill, early, late)


def test_senior_tech_leadership_adverts_ask_for_more_leadership_and_business_skills(
        board: SampleBoard) -> None:
    def share_non_technical(adverts: list[Advert]) -> float:
        skills = [s for a in adverts for s in a.skills]
        return sum(SKILLS[s].category in ("leadership", "business") for s in skills) / len(skills)

    targets = [a for a in board.adverts if a.is_target]
    senior = [a for a in targets if a.seniority in ("director", "executive")]
    leads = [a for a in targets if a.seniority == "lead"]
    ics = [a for a in board.adverts if a.role_family == "individual_contributor"]
    assert share_non_technical(senior) > share_non_technical(leads) > share_non_technical(ics)


def test_experience_is_phrased_several_ways_and_matches_ground_truth(board: SampleBoard) -> None:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"]
    phrasings = Counter()
    for advert in board.adverts:
        text = html.unescape(advert.description_html)
        if advert.min_years is None:
            assert not re.search(r"\byears\b", text), advert.id
            continue
        n, word = advert.min_years, words[advert.min_years]
        patterns = {"plus": rf"\b{n}\+ years", "at least": rf"At least {n} years' experience",
                    "minimum": rf"Minimum of {word} years", "range": rf"\b{n}-\d+ years",
                    "or more": rf"{word.capitalize()} or more years"}
        hits = [name for name, pattern in patterns.items() if re.search(pattern, text)]
        assert hits, (advert.id, n)
        phrasings.update(hits)
    assert set(phrasings) == {"plus", "at least", "minimum", "range", "or more"}
    assert any(a.min_years is None for a in board.adverts)


def test_salaries_come_in_several_currencies_periods_and_formats(board: SampleBoard) -> None:
    assert {a.salary_currency for a in board.adverts} == {"GBP", "USD", "EUR", None}
    assert {a.salary_period for a in board.adverts} == {"year", "month", "day", "hour", None}
    texts = [a.salary_text for a in board.adverts]
    for pattern in (r"^£\d{2,3},000 - £\d{2,3},000 per annum$", r"^\$\d+k-\$\d+k$",
                    r"^€\d+\.000 – €\d+\.000", r"^£\d+ per day$", r"per hour|/hr",
                    r"^Competitive salary"):
        assert any(re.search(pattern, t) for t in texts), pattern
    for advert in board.adverts:
        assert html.escape(advert.salary_text, quote=False) in advert.description_html
        if advert.salary_min is not None:
            assert advert.salary_max is not None and advert.salary_min <= advert.salary_max


def test_degrees_vary_from_required_to_preferred_to_none(board: SampleBoard) -> None:
    assert {a.degree for a in board.adverts} == {"bachelor", "master", None}
    preferred = [a for a in board.adverts if a.master_preferred]
    assert preferred and all("Master's" in a.description_html for a in preferred)
    assert any("Bachelor's degree in Computer Science or related field" in a.description_html
               for a in board.adverts)


def test_generation_rejects_impossible_sizes() -> None:
    with pytest.raises(ValueError, match="n_adverts"):
        generate_board(n_adverts=0)
    with pytest.raises(ValueError, match="months"):
        generate_board(months=0)


def test_small_boards_still_have_a_broken_page() -> None:
    small = generate_board(seed=3, n_adverts=100)
    assert len(small.broken_ids) >= 1


# -- serving -------------------------------------------------------------------------------


def test_robots_txt_points_at_the_sitemap_and_forbids_internal(server: SampleBoardServer) -> None:
    status, content_type, body = fetch(server.robots_url)
    assert status == 200 and content_type.startswith("text/plain")
    robots = RobotFileParser()
    robots.parse(body.decode().splitlines())
    assert robots.site_maps() == [server.sitemap_url]
    assert not robots.can_fetch("*", server.url("/internal/preview.html"))
    assert robots.can_fetch("*", server.url("/jobs/100001.html"))


def test_sitemaps_list_every_careers_advert_and_only_those(
        board: SampleBoard, server: SampleBoardServer) -> None:
    children = sitemap_locs(server.sitemap_url)
    years = sorted({a.date_posted.year for a in board.careers_adverts})
    assert [server.url(f"/sitemaps/jobs-{y}.xml") for y in years] == children[:len(years)]
    locs: list[str] = []
    for child in children:
        locs += sitemap_locs(child)
    job_locs = [loc for loc in locs if "/jobs/" in loc]
    assert sorted(job_locs) == sorted(server.url(a.path) for a in board.careers_adverts)
    assert len(job_locs) == len(set(job_locs))
    assert server.url("/about.html") in locs
    robots = RobotFileParser()
    robots.parse(fetch(server.robots_url)[2].decode().splitlines())
    forbidden = [loc for loc in locs if not robots.can_fetch("*", loc)]
    assert forbidden and all("/internal/" in loc for loc in forbidden)
    assert server.hits["/internal/preview.html"] == 0


def test_sitemap_lastmod_is_the_advert_date(board: SampleBoard, server: SampleBoardServer) -> None:
    advert = board.careers_adverts[0]
    _, _, body = fetch(server.url(f"/sitemaps/jobs-{advert.date_posted.year}.xml"))
    root = ET.fromstring(body)
    for url in root.iterfind("sm:url", SITEMAP_NS):
        if url.findtext("sm:loc", namespaces=SITEMAP_NS) == server.url(advert.path):
            assert url.findtext("sm:lastmod", namespaces=SITEMAP_NS) == \
                advert.date_posted.isoformat()
            return
    pytest.fail("advert missing from its year's sitemap")


def _representative(board: SampleBoard) -> list[Advert]:
    healthy = [a for a in board.careers_adverts if not a.broken]
    picks = [next(a for a in healthy if a.jsonld_graph),
             next(a for a in healthy if not a.jsonld_graph),
             next(a for a in healthy if a.remote),
             next(a for a in healthy if a.salary_min is None),
             next(a for a in healthy if a.salary_period == "day"),
             next(a for a in healthy if a.salary_min is not None
                  and a.salary_min == a.salary_max)]
    return picks + healthy[::97]


def test_advert_page_json_ld_matches_ground_truth(
        board: SampleBoard, server: SampleBoardServer) -> None:
    for advert in _representative(board):
        status, content_type, page = fetch(server.url(advert.path))
        assert status == 200 and content_type.startswith("text/html")
        data = json.loads(jsonld_block(page))
        posting = job_posting(data)
        assert data["@context"] == "https://schema.org"
        assert posting["title"] == advert.title
        assert posting["datePosted"] == advert.date_posted.isoformat()
        assert posting["validThrough"].startswith(advert.valid_through.isoformat())
        assert posting["employmentType"] == advert.employment_type
        assert posting["identifier"]["value"] == advert.id
        assert posting["hiringOrganization"]["name"] == advert.company
        address = posting["jobLocation"]["address"]
        assert (address["addressLocality"], address["addressCountry"]) == \
            (advert.city, advert.country)
        assert (posting.get("jobLocationType") == "TELECOMMUTE") == advert.remote
        assert posting["description"] == advert.description_html
        for heading in ("About us", "Responsibilities", "Requirements", "Nice to have",
                        "Benefits"):
            assert f"<h3>{heading}</h3>" in posting["description"]
        if advert.salary_min is None:
            assert "baseSalary" not in posting
        else:
            salary = posting["baseSalary"]
            value = salary["value"]
            assert salary["currency"] == advert.salary_currency
            assert value["unitText"] == advert.salary_period.upper()
            low = value.get("minValue", value.get("value"))
            high = value.get("maxValue", value.get("value"))
            assert (low, high) == (advert.salary_min, advert.salary_max)
        # The human-readable advert is on the page as well as in the structured data.
        assert advert.description_html.encode() in page


def test_broken_pages_are_broken_in_both_ways(board: SampleBoard,
                                              server: SampleBoardServer) -> None:
    broken = [board.advert(advert_id) for advert_id in board.broken_ids]
    assert {a.broken_kind for a in broken} == {"malformed_json", "missing_title"}
    assert 0.005 <= len(broken) / len(board.careers_adverts) <= 0.02
    for advert in broken:
        assert advert.channel == "site"
        status, _, page = fetch(server.url(advert.path))
        assert status == 200
        block = jsonld_block(page)
        if advert.broken_kind == "malformed_json":
            with pytest.raises(json.JSONDecodeError):
                json.loads(block)
        else:
            assert "title" not in job_posting(json.loads(block))
        assert html.escape(advert.title).encode() in page


def test_greenhouse_board_lists_its_jobs_with_escaped_content(
        board: SampleBoard, server: SampleBoardServer) -> None:
    assert board.board_tokens
    for token in board.board_tokens:
        listing = fetch_json(f"{server.greenhouse_api_base}/v1/boards/{token}/jobs?content=true")
        expected = {a.number: a for a in board.greenhouse_adverts if a.board_token == token}
        assert listing["meta"]["total"] == len(listing["jobs"]) == len(expected)
        assert {job["id"] for job in listing["jobs"]} == set(expected)
        for job in listing["jobs"]:
            advert = expected[job["id"]]
            assert job["title"] == advert.title and job["company_name"] == advert.company
            assert job["content"].startswith("&lt;h3&gt;About us&lt;/h3&gt;")
            assert "<" not in job["content"]
            assert html.unescape(job["content"]) == advert.description_html
            assert re.search(r"[+-]\d\d:\d\d$", job["first_published"])
            assert job["first_published"].startswith(advert.date_posted.isoformat())
            assert job["location"]["name"] == advert.location_name
            assert job["departments"][0]["name"] == advert.department
            assert job["offices"][0]["name"] == advert.city
            assert job["metadata"] is None or isinstance(job["metadata"], list)


def test_greenhouse_listing_without_content_flag_omits_content(
        board: SampleBoard, server: SampleBoardServer) -> None:
    token = board.board_tokens[0]
    listing = fetch_json(f"{server.greenhouse_api_base}/v1/boards/{token}/jobs")
    assert listing["jobs"] and listing["meta"]["total"] == len(listing["jobs"])
    for job in listing["jobs"]:
        assert not {"content", "departments", "offices"} & set(job)


def test_greenhouse_single_job_and_unknown_board(board: SampleBoard,
                                                 server: SampleBoardServer) -> None:
    advert = board.greenhouse_adverts[0]
    job = fetch_json(f"{server.greenhouse_api_base}/v1/boards/{advert.board_token}/jobs/"
                     f"{advert.id}")
    assert job["id"] == advert.number and "content" in job
    status, content_type, body = fetch(f"{server.greenhouse_api_base}/v1/boards/no-such/jobs")
    assert status == 404 and content_type.startswith("application/json")
    assert json.loads(body)["status"] == 404


def test_greenhouse_adverts_are_not_on_the_careers_site(board: SampleBoard,
                                                        server: SampleBoardServer) -> None:
    advert = board.greenhouse_adverts[0]
    assert fetch(server.url(f"/jobs/{advert.id}.html"))[0] == 404
    assert fetch(server.url(advert.path))[0] == 200  # its absolute_url resolves


def test_unknown_path_is_404(server: SampleBoardServer) -> None:
    status, content_type, _ = fetch(server.url("/jobs/does-not-exist.html"))
    assert status == 404 and content_type.startswith("text/html")


def test_every_careers_page_is_served_under_concurrent_load(
        board: SampleBoard, server: SampleBoardServer) -> None:
    paths = [a.path for a in board.careers_adverts]
    before = Counter({p: server.hits[p] for p in paths})
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda p: fetch(server.url(p))[0], paths))
    assert statuses == [200] * len(paths)
    assert all(server.hits[p] == before[p] + 1 for p in paths)


def test_server_port_is_closed_after_the_with_block() -> None:
    small = generate_board(seed=1, n_adverts=50)
    with SampleBoardServer(small) as running:
        host, port = running.host, running.port
        assert fetch(running.robots_url)[0] == 200
    with pytest.raises(OSError):
        socket.create_connection((host, port), timeout=2).close()


def test_module_entry_point_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "leadtrends.sample_board", "--port", "0", "--adverts", "120"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", first_line)
        assert match, first_line
        assert b"Sitemap:" in fetch(match.group(1) + "/robots.txt")[2]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
