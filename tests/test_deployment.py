"""The scheduled deployment users deploy with `prefect deploy --all` points at the real flow."""

from __future__ import annotations

from pathlib import Path

import yaml
from prefect.flows import load_flow_from_entrypoint

from flows.pipeline import DAILY_CRON, pipeline

REPO = Path(__file__).resolve().parents[1]


def test_prefect_yaml_deploys_the_pipeline_flow_daily():
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    (deployment,) = config["deployments"]
    flow = load_flow_from_entrypoint(str(REPO / deployment["entrypoint"]))
    assert flow.name == pipeline.name
    assert [s["cron"] for s in deployment["schedules"]] == [DAILY_CRON]
    assert deployment["concurrency_limit"] == 1
    assert set(deployment["parameters"]) <= set(pipeline.parameters.properties)
