"""A real Prefect server for tests: ``prefect server start`` on 127.0.0.1, SQLite, no telemetry.

Started in its own process group and stopped by its PID at the end; everything it writes
goes under a temporary PREFECT_HOME.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(home: Path) -> dict[str, str]:
    return {**os.environ, "PREFECT_HOME": str(home),
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home}/prefect.db",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false",
            "PREFECT_SERVER_LOGGING_LEVEL": "WARNING"}


def client_env(api_url: str, home: Path) -> dict[str, str]:
    """Environment of a process that talks to the test server."""
    env = {**server_env(home), "PREFECT_API_URL": api_url}
    env.pop("LEADTRENDS_DEBUG", None)
    return env


@contextmanager
def prefect_server(home: Path) -> Iterator[str]:
    """Yield the API URL of a fresh Prefect server; stop it by its PID afterwards."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    prefect = Path(sys.executable).with_name("prefect")
    with (home / "server.log").open("w") as log:
        process = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env(home), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        api = f"http://127.0.0.1:{port}/api"
        _wait_healthy(api, process, home / "server.log")
        yield api
    finally:
        _stop(process.pid)
        process.wait(timeout=30)


def _wait_healthy(api: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prefect server exited with {process.returncode}: "
                               f"{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"prefect server not healthy after {STARTUP_SECONDS} s")


def _stop(pid: int) -> None:
    """SIGTERM to the server's process group (it runs uvicorn), SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
