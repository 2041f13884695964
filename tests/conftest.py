"""Test-session set-up shared by every test module."""

from leadtrends.prefect_env import configure_prefect_env

# Prefect reads its settings when first imported; some test modules import it directly.
configure_prefect_env()
