"""Runs that are killed (SIGKILL) mid-stage, and sources that fail, against a real Prefect server.

Each kill test starts `leadtrends run` as its own process, waits until the run's ledger
(or the lake, or the warehouse's build copy) shows it is inside the stage, kills it with
SIGKILL, then runs again to the end and checks: nothing lost (every crawled advert is in
the warehouse), nothing doubled (one row per advert, one load run), and the finished work
of the killed run was not redone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
from prefect_server import client_env

ADVERTS = "300"
WAIT_SECONDS = 300


def start_run(data: Path, prefect_api: tuple[str, Path], *args: str) -> subprocess.Popen[str]:
    api, home = prefect_api
    return subprocess.Popen(
        [sys.executable, "-m", "leadtrends", "--data-dir", str(data), "run", *args],
        env=client_env(api, home), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=900)
    return process.returncode, out, err


def kill_when(process: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    """SIGKILL the run as soon as ``ready()``; fail if it ends first."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not ready():
        assert process.poll() is None, f"run ended before the kill: {process.communicate()}"
        assert time.monotonic() < deadline, "the run never reached the stage"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL


def ledger(data: Path) -> dict:
    try:
        return json.loads((data / "runs" / "current.json").read_text())
    except (FileNotFoundError, ValueError):
        return {}


def finished_ledger(data: Path) -> dict:
    (path,) = [p for p in (data / "runs").glob("*.json") if p.name != "current.json"]
    return json.loads(path.read_text())


def stamps(files: list[Path]) -> dict[Path, tuple[int, int]]:
    return {f: (f.stat().st_ino, f.stat().st_mtime_ns) for f in files}


def lake_files(data: Path) -> list[Path]:
    return sorted((data / "lake" / "postings").glob("source=*/date=*/*.parquet"))


def assert_complete_once(data: Path) -> None:
    """Every crawled advert is in the warehouse exactly once, loaded by one run."""
    crawled = set()
    for path in (data / "crawl").glob("*.jsonl"):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            crawled.add(f"{record['source']}:{record['source_id']}")
    with duckdb.connect(str(data / "leadtrends.duckdb"), read_only=True) as con:
        keys = [k for (k,) in con.sql("SELECT posting_key FROM postings").fetchall()]
        runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
        facts = con.execute("SELECT count(*), count(DISTINCT (posting_key, skill_id, start_char)) "
                            "FROM posting_skills").fetchone()
    assert crawled and set(keys) == crawled
    assert len(keys) == len(set(keys))
    assert runs == 1
    assert facts[0] == facts[1] > 0


def test_killed_during_crawl_resumes_without_recrawling_the_finished_source(
        prefect_api, tmp_path):
    data = tmp_path / "data"
    run = start_run(data, prefect_api, "--adverts", ADVERTS)
    kill_when(run, lambda: len(ledger(data).get("crawl", {})) == 1)
    (done,) = ledger(data)["crawl"]
    crawled = stamps([data / "crawl" / f"{done}.jsonl"])
    assert not (data / "leadtrends.duckdb").exists()

    code, out, err = finish(start_run(data, prefect_api, "--adverts", ADVERTS))
    assert code == 0, err
    assert "resumed" in out
    assert stamps(list(crawled)) == crawled  # not crawled again
    assert finished_ledger(data)["resumed"] == 1
    assert_complete_once(data)


def test_killed_during_extract_reuses_the_finished_batches(prefect_api, tmp_path):
    data = tmp_path / "data"
    args = ("--adverts", ADVERTS, "--batch-size", "20")
    run = start_run(data, prefect_api, *args)
    kill_when(run, lambda: len(lake_files(data)) >= 2)
    extracted = stamps(lake_files(data))
    crawled = stamps(sorted((data / "crawl").glob("*.jsonl")))
    assert ledger(data)["extract"] is None

    code, _, err = finish(start_run(data, prefect_api, *args))
    assert code == 0, err
    assert stamps(list(crawled)) == crawled
    assert {f: s for f, s in stamps(lake_files(data)).items() if f in extracted} == extracted
    result = finished_ledger(data)["extract"]
    assert result["batches_reused"] >= len(extracted)
    assert result["batches"] == len(lake_files(data)) > len(extracted)
    assert_complete_once(data)


def test_killed_during_load_loads_once_without_extracting_again(prefect_api, tmp_path):
    data = tmp_path / "data"
    building = data / "leadtrends.duckdb.building"
    run = start_run(data, prefect_api, "--adverts", ADVERTS)
    kill_when(run, building.exists)
    assert not (data / "leadtrends.duckdb").exists()  # the killed load published nothing
    extracted = stamps(lake_files(data))

    code, _, err = finish(start_run(data, prefect_api, "--adverts", ADVERTS))
    assert code == 0, err
    assert stamps(lake_files(data)) == extracted
    assert not building.exists()
    assert_complete_once(data)


class _Failing(BaseHTTPRequestHandler):
    """503 for every request; paths under /hang/ never answer."""

    def do_GET(self) -> None:
        if self.path.startswith("/hang/"):
            self.server.stopped.wait(60)  # type: ignore[attr-defined]
            return
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_source_down_or_hanging_makes_the_run_partial_and_the_others_load(
        prefect_api, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    server.stopped = threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""
[crawl]
timeout_minutes = 0.25

[[source]]
name = "board"
type = "sample-board"
adverts = 60

[[source]]
name = "down"
type = "greenhouse"
boards = ["acme"]
api_base = "{base}/gh"

[[source]]
name = "hanging"
type = "jsonld"
start_urls = ["{base}/hang/jobs"]
""")
    data = tmp_path / "data"
    try:
        code, out, err = finish(start_run(data, prefect_api, "--sources", str(sources)))
    finally:
        server.stopped.set()  # type: ignore[attr-defined]
        server.shutdown()
    assert code == 0, err
    assert "partial" in out
    assert "down:" in err and "http_503" in err
    assert "hanging:" in err and "timed out" in err
    with duckdb.connect(str(data / "leadtrends.duckdb"), read_only=True) as con:
        sources_loaded = {s for (s,) in con.sql("SELECT DISTINCT source FROM postings").fetchall()}
        closed = con.execute("SELECT count(*) FROM postings WHERE closed_at IS NOT NULL").fetchone()
    assert sources_loaded == {"board-site", "board-greenhouse"}
    assert closed == (0,)
    api, _ = prefect_api
    request = urllib.request.Request(
        f"{api}/flow_runs/filter", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"flow_runs": {"state": {"name": {"any_": ["Partial"]}}}}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        (run,) = [r for r in json.load(response) if "down" in r["state"]["message"]]
    request = urllib.request.Request(
        f"{api}/artifacts/filter", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"artifacts": {"flow_run_id": {"any_": [run["id"]]}}}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        (artifact,) = json.load(response)
    summary = artifact["data"]
    assert "Status: partial" in summary
    assert "| down | 0 | 0 | 0 | 0 |" in summary  # fetched, new, changed, closed
    assert "| board-site | 45 | 45 |" in summary
    assert "Top rising skills" in summary and "seconds:" in summary
