"""The deployments users create with `prefect deploy --all`: registered on a real Prefect
server, triggered through its API, run by a process worker into a real warehouse."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import yaml
from prefect.flows import load_flow_from_entrypoint
from prefect_server import client_env

from flows.pipeline import DAILY_CRON, WEEKLY_CRON, pipeline

REPO = Path(__file__).resolve().parents[1]
PREFECT = str(Path(sys.executable).with_name("prefect"))
RUN_SECONDS = 900


def test_prefect_yaml_deploys_the_daily_run_and_the_weekly_full_recrawl():
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    daily, weekly = config["deployments"]
    for deployment in (daily, weekly):
        flow = load_flow_from_entrypoint(str(REPO / deployment["entrypoint"]))
        assert flow.name == pipeline.name
        assert deployment["concurrency_limit"] == 1
        assert set(deployment["parameters"]) <= set(pipeline.parameters.properties)
        assert deployment["work_pool"]["name"] == "leadtrends-process"
    assert [s["cron"] for s in daily["schedules"]] == [DAILY_CRON]
    assert [s["cron"] for s in weekly["schedules"]] == [WEEKLY_CRON]
    assert weekly["parameters"]["full_recrawl"] is True


def api_call(api: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{api}{path}", method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json"},
        data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_deployed_pipeline_triggered_through_the_api_fills_the_warehouse(prefect_api, tmp_path):
    api, home = prefect_api
    env = {**client_env(api, home), "LEADTRENDS_REPO": str(REPO)}

    def prefect(*args: str) -> None:
        done = subprocess.run([PREFECT, *args], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL, check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    prefect("work-pool", "create", "leadtrends-process", "--type", "process", "--overwrite")
    prefect("--no-prompt", "deploy", "--all")
    deployment = api_call(api, "/deployments/name/pipeline/leadtrends-daily")
    assert [s["schedule"]["cron"] for s in deployment["schedules"]] == [DAILY_CRON]
    data = tmp_path / "data"
    flow_run = api_call(api, f"/deployments/{deployment['id']}/create_flow_run",
                        {"parameters": {"data_dir": str(data), "sample_adverts": 80}})

    with (tmp_path / "worker.log").open("w") as log:
        worker = subprocess.Popen([PREFECT, "worker", "start", "--pool", "leadtrends-process"],
                                  cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        state = _wait_terminal(api, flow_run["id"])
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
    assert state["type"] == "COMPLETED", (state, (tmp_path / "worker.log").read_text()[-3000:])
    with duckdb.connect(str(data / "leadtrends.duckdb"), read_only=True) as con:
        postings, runs = con.execute(
            "SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM runs)").fetchone()
    assert postings > 0 and runs == 1
    assert (data / "exports" / "report.html").is_file()


def _wait_terminal(api: str, flow_run_id: str) -> dict:
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        state = api_call(api, f"/flow_runs/{flow_run_id}")["state"]
        if state["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
            return state
        time.sleep(1)
    raise AssertionError(f"flow run {flow_run_id} not finished after {RUN_SECONDS} s")
