"""Test-session set-up shared by every test module."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadtrends.prefect_env import configure_prefect_env

# Prefect reads its settings when first imported; some test modules import it directly.
configure_prefect_env()


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(API URL, PREFECT_HOME) of one real Prefect server shared by the tests that need it."""
    from prefect_server import prefect_server

    home = tmp_path_factory.mktemp("prefect-home")
    with prefect_server(home) as api:
        yield api, home
