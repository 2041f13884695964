"""The count tables behind ``skill_share()`` and ``skill_pairs`` (migration 0004).

Loads and re-extraction call :func:`refresh_trend_counts` inside their transactions, after
clustering, so the counts always describe the postings they commit. Anything else that
changes the trend population (e.g. editing ``posting_clusters`` by hand) must call it too.
"""

from __future__ import annotations

import duckdb

from warehouse.sql_files import run_script


def refresh_trend_counts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild trend_group_counts, trend_skill_counts and trend_skill_pair_counts."""
    run_script(con, "statements", "refresh_trend_counts")
