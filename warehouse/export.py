"""Export the trend tables as CSV files for spreadsheets and dashboards."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from leadtrends.jsonl import atomic_writer
from warehouse.connect import connect
from warehouse.trends import rising_skills

# Enough movers for an analyst to browse; the CLI prints its own shorter list.
EXPORT_TOP = 50


def export_trends(db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write skill_trends_monthly.csv, rising_skills.csv and falling_skills.csv to ``out_dir``.

    Reads through a read-only connection, so an export can run beside other readers. Each
    file is written to a temporary name and renamed into place: a dashboard polling the
    folder never reads half a file, and a failed export leaves the previous files intact.
    Returns the paths written, in that order.
    """
    target = Path(out_dir)
    with connect(db_path, read_only=True) as con:
        frames = {
            "skill_trends_monthly.csv": con.sql(
                "SELECT * FROM skill_trends_monthly "
                "ORDER BY month, role_family, seniority, skill_id").pl(),
            "rising_skills.csv": rising_skills(con, top=EXPORT_TOP, direction="rising"),
            "falling_skills.csv": rising_skills(con, top=EXPORT_TOP, direction="falling"),
        }
    written = []
    for name, frame in frames.items():
        written.append(_write_csv(frame, target / name))
    return written


def _write_csv(frame: pl.DataFrame, path: Path) -> Path:
    with atomic_writer(path) as handle:
        handle.write(frame.write_csv())
    return path
