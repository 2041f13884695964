"""Prefect settings leadtrends needs, applied before Prefect is first imported.

Prefect reads its settings from the environment. Without an API URL it starts a
temporary local server (ephemeral mode); offline it must not try to send telemetry,
and its cold start on a small machine can exceed the default 20 s timeout. Values a
user has already set in the environment win.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_UI_ENABLED": "false",
    # a Dask LocalCluster (`leadtrends run --workers N`) logs every worker's start at INFO
    "DASK_LOGGING__DISTRIBUTED": "warning",
}


def configure_prefect_env() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
