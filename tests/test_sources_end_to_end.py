"""`leadtrends run --sources` over every connector, against local servers set up like the real services.

The example sources file is taken as a user would write it; only the services' base URLs
(and the boards, to ones the saved responses hold) are pointed at 127.0.0.1: the replay
server for the APIs, the sample board for the JSON-LD careers site and Greenhouse.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb
import pytest

from leadtrends.replay_server import ReplayServer
from leadtrends.sample_board import SampleBoardServer, generate_board

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
SAVED = REPO / "tests" / "files" / "sources"
USAJOBS_ENV = {"LEADTRENDS_USAJOBS_KEY": "usajobs-test-key-7f3a",
               "LEADTRENDS_USAJOBS_EMAIL": "crawler@example.org"}

# Boards and page sizes the saved responses were written for.
FIXTURE_BOARDS = {
    "lever": {"boards": ["northwind"], "page_size": 3},
    "ashby": {"boards": ["quillon"]},
    "smartrecruiters": {"boards": ["HalcyonHealth"], "page_size": 3},
    "workable": {"boards": ["brightkiln"]},
    "nyc-open-data": {"page_size": 3},
    "usajobs": {"page_size": 3, "keyword": None},
}


DUMP = Path(__file__).parent / "files" / "import" / "adverts.csv"


def _toml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)  # strings, numbers, booleans and lists of them read the same


def to_toml(config: dict) -> str:
    lines = ["[crawl]"] + [f"{k} = {_toml_value(v)}" for k, v in config["crawl"].items()]
    for source in config["source"]:
        lines += ["", "[[source]]"] + [f"{k} = {_toml_value(v)}" for k, v in source.items()
                                       if v is not None]
    return "\n".join(lines) + "\n"


def local_config(replay: ReplayServer, site: SampleBoardServer, tokens: list[str]) -> dict:
    config = tomllib.loads((REPO / "examples" / "sources.toml").read_text())
    for source in config["source"]:
        kind = source["type"]
        source.pop("politeness", None)  # loopback: the runner drops the delays anyway
        if kind == "sample-board":
            continue
        if kind == "jsonld":
            source["sitemap_urls"] = [site.sitemap_url]
            source["job_url_pattern"] = "/jobs/"
        elif kind == "greenhouse":
            source["boards"], source["api_base"] = tokens, site.greenhouse_api_base
        elif kind == "file":
            source["path"], source["preset"] = str(DUMP), "csv"
        else:
            source["api_base"] = replay.base_url
            source.update(FIXTURE_BOARDS.get(kind, {}))
        source["enabled"] = True
    return config


def run_cli(data: Path, sources: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **USAJOBS_ENV, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "leadtrends", "--data-dir", str(data), "run", "--sources",
         str(sources)], capture_output=True, text=True, env=env, timeout=900, check=False,
        stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    data = tmp_path_factory.mktemp("sources-e2e")
    board = generate_board(n_adverts=80)
    with ReplayServer(SAVED) as replay, SampleBoardServer(board) as site:
        config = local_config(replay, site, board.board_tokens)
        sources = data / "sources.toml"
        sources.write_text(to_toml(config))
        first = run_cli(data, sources)
        after_first = len(replay.requests)
        second = run_cli(data, sources)
        second_requests = replay.requests[after_first:]
    return data, config, first, second, second_requests


def test_every_configured_source_lands_in_the_warehouse(two_runs):
    data, config, first, _, _ = two_runs
    assert first.returncode == 0, first.stderr
    with duckdb.connect(str(data / "leadtrends.duckdb"), read_only=True) as con:
        per_source = dict(con.execute("select source, count(*) from postings group by 1")
                          .fetchall())
    expected = {s["name"] for s in config["source"] if s.get("enabled", True)}
    assert set(per_source) == expected
    assert all(count > 0 for count in per_source.values())


def test_bad_records_are_counted_in_the_run_summary(two_runs):
    _, _, first, _, _ = two_runs
    # The saved responses hold malformed records; the summary names their reasons.
    assert "missing_title" in first.stdout or "unmappable_record" in first.stdout


def test_second_run_asks_apis_only_for_what_changed_and_re_extracts_nothing(two_runs):
    data, _, _, second, requests = two_runs
    assert second.returncode == 0, second.stderr
    nyc = [r for r in requests if r.path == "/resource/kpav-sd4t.json"]
    assert nyc and all("posting_updated >" in r.query.get("$where", "") for r in nyc)
    hn = [r for r in requests if "comment" in r.query.get("tags", "")]
    assert hn and all("created_at_i>" in r.query.get("numericFilters", "") for r in hn)
    assert "0 changed" in second.stdout
    with duckdb.connect(str(data / "leadtrends.duckdb"), read_only=True) as con:
        (seen,), = con.execute("select postings_seen_unchanged from runs "
                               "order by started_at desc limit 1").fetchall()
    assert seen > 0
