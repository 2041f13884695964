"""Export every analysis as CSV or Parquet, each file with a JSON sidecar saying what it is.

``leadtrends export NAME [--by ...] [filters] --format csv|parquet -o PATH`` writes one
analysis (``--by`` takes a period, month/quarter/year, and/or a dimension to group by); ``leadtrends export`` (and every ``leadtrends run``) writes them all to
``data/exports/`` in both formats. The sidecar ``PATH.json`` records the query and its
parameters, the filters, the row count, the warehouse's data, pipeline and taxonomy
versions and when the file was made, so a chart in a paper can be traced to its data.

Reads go through a read-only connection; files are written to a temporary name and renamed
into place, so a dashboard polling the folder never reads half a file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
import polars as pl

from leadtrends.jsonl import atomic_writer
from warehouse.connect import connect
from warehouse.errors import WarehouseError, first_line

Format = Literal["csv", "parquet"]
FORMATS: tuple[str, ...] = ("csv", "parquet")
GRAINS: tuple[str, ...] = ("month", "quarter", "year")
# the dimensions skill_share can group by
DIMENSIONS: tuple[str, ...] = ("all", "role_family", "seniority", "country", "work_arrangement",
                               "source")


@dataclass(frozen=True)
class Analysis:
    """One exportable analysis: a view, or a table macro called with bound parameters."""

    description: str
    sql: str
    parameters: dict[str, Any] = field(default_factory=dict)
    order_by: tuple[str, ...] = ()


ANALYSES: dict[str, Analysis] = {
    "skill_share": Analysis(
        "Share of trend postings mentioning each skill per period and group, with Wilson 95% "
        "intervals (--grain, --by).",
        "SELECT * FROM skill_share(grain := $grain, by := $by, min_postings := $min_postings)",
        {"grain": "month", "by": "all", "min_postings": 1},
        ("period", "group_value", "skill_id")),
    "skill_trends_monthly": Analysis(
        "Monthly skill share by role family and seniority with 'all' rollups.",
        "SELECT * FROM skill_trends_monthly",
        order_by=("month", "role_family", "seniority", "skill_id")),
    "skill_movers": Analysis(
        "Emerging and declining skills: the last 12 months of data against the 12 before, "
        "with a two-proportion z-test.",
        "SELECT * FROM skill_movers_latest"),
    "skill_pairs": Analysis(
        "Skill co-occurrence: pairs with counts, lift and PMI.",
        "SELECT * FROM skill_pairs", order_by=("skill_a", "skill_b")),
    "skill_balance": Analysis(
        "Technology-versus-business balance: mean category shares by seniority over time.",
        "SELECT * FROM skill_balance_by_seniority"),
    "posting_skill_balance": Analysis(
        "Per posting: shares of technical, leadership, business, soft and certification "
        "skills.", "SELECT * FROM posting_skill_balance", order_by=("posting_key",)),
    "experience_trends": Analysis(
        "Years of experience asked (median, IQR) by seniority over time.",
        "SELECT * FROM experience_trends"),
    "degree_trends": Analysis(
        "Minimum degree levels by seniority over time.", "SELECT * FROM degree_trends"),
    "certification_demand": Analysis(
        "Share of trend postings naming each certification over time.",
        "SELECT * FROM certification_demand"),
    "salary_trends": Analysis(
        "Annualised salary (median, IQR) by currency and seniority over time.",
        "SELECT * FROM salary_trends"),
    "remote_share": Analysis(
        "Remote, hybrid and on-site shares over time.", "SELECT * FROM remote_share"),
    "coverage": Analysis(
        "Postings per source per month and the source mix.", "SELECT * FROM coverage"),
    "postings_flow": Analysis(
        "New and closed postings per month and source.", "SELECT * FROM postings_flow"),
    "postings_stock": Analysis(
        "Postings open at each month end, per source.", "SELECT * FROM postings_stock_monthly"),
}

# --family/--seniority/... filter the column of that name wherever an analysis has it.
FILTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "family": ("role_family",),
    "seniority": ("seniority",),
    "source": ("source",),
    "country": ("country",),
    "skill": ("skill_id", "skill_name", "skill_a", "skill_b"),
}
# --since/--until compare against the analysis' first date column of these
PERIOD_COLUMNS: tuple[str, ...] = ("period", "month", "month_end", "quarter", "year")


@dataclass(frozen=True)
class ExportResult:
    name: str
    path: Path
    sidecar: Path
    rows: int


def parse_by(values: list[str]) -> dict[str, str]:
    """``--by`` values as analysis parameters: a period sets ``grain``, a dimension ``by``.

    The two sets of words do not overlap, so ``--by quarter --by seniority`` reads plainly.
    """
    parameters: dict[str, str] = {}
    for value in values:
        key = "grain" if value in GRAINS else "by" if value in DIMENSIONS else None
        if key is None:
            raise WarehouseError(f"--by {value!r} is neither a period ({', '.join(GRAINS)}) "
                                 f"nor a dimension ({', '.join(DIMENSIONS)})")
        if key in parameters:
            raise WarehouseError(f"--by names two {'periods' if key == 'grain' else 'dimensions'}"
                                 f": {parameters[key]} and {value}")
        parameters[key] = value
    return parameters


def analysis_frame(con: duckdb.DuckDBPyConnection, name: str,
                   parameters: dict[str, Any] | None = None,
                   filters: dict[str, Any] | None = None) -> tuple[pl.DataFrame, dict[str, Any]]:
    """An analysis as a frame, and the parameters it was computed with (defaults filled)."""
    analysis = ANALYSES.get(name)
    if analysis is None:
        raise WarehouseError(f"unknown analysis {name!r}: one of {', '.join(ANALYSES)}")
    given = parameters or {}
    unknown = set(given) - set(analysis.parameters)
    if unknown:
        accepted = ", ".join(f"--{p.replace('_', '-')}" for p in analysis.parameters) or "none"
        raise WarehouseError(f"{name} takes no {', '.join(sorted(unknown))} "
                             f"(its options: {accepted})")
    bound = {**analysis.parameters, **given}
    _check_parameters(bound)
    try:
        frame = con.sql(analysis.sql, params=bound or None).pl()
    except duckdb.Error as exc:
        raise WarehouseError(f"{name} failed: {first_line(exc)}") from exc
    frame = _filtered(name, frame, filters or {})
    if analysis.order_by:
        frame = frame.sort([c for c in analysis.order_by if c in frame.columns])
    return frame, bound


def export_analysis(db_path: str | os.PathLike[str], name: str, path: str | os.PathLike[str],
                    fmt: Format = "csv", parameters: dict[str, Any] | None = None,
                    filters: dict[str, Any] | None = None) -> ExportResult:
    """Write one analysis to ``path`` in ``fmt`` with its sidecar ``path + '.json'``."""
    with connect(db_path, read_only=True) as con:
        return _export(con, Path(db_path), name, Path(path), fmt, parameters or {},
                       filters or {})


def export_all(db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str],
               formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Every analysis in every format to ``out_dir`` (``NAME.csv``, ``NAME.parquet``...)."""
    target = Path(out_dir)
    written: list[Path] = []
    with connect(db_path, read_only=True) as con:
        for name in ANALYSES:
            for fmt in formats:
                result = _export(con, Path(db_path), name, target / f"{name}.{fmt}", fmt, {}, {})
                written.append(result.path)
    return written


def _export(con: duckdb.DuckDBPyConnection, db_path: Path, name: str, path: Path, fmt: str,
            parameters: dict[str, Any], filters: dict[str, Any]) -> ExportResult:
    if fmt not in FORMATS:
        raise WarehouseError(f"format must be csv or parquet, got {fmt!r}")
    frame, bound = analysis_frame(con, name, parameters, filters)
    analysis = ANALYSES[name]
    with atomic_writer(path, binary=(fmt == "parquet")) as handle:
        if fmt == "csv":
            handle.write(frame.write_csv())
        else:
            frame.write_parquet(handle)
    sidecar = path.with_name(path.name + ".json")
    meta = {
        "export": name,
        "description": analysis.description,
        "format": fmt,
        "query": analysis.sql,
        "parameters": bound,
        "filters": {key: _jsonable(value) for key, value in filters.items()},
        "rows": frame.height,
        "columns": frame.columns,
        "versions": _versions(con),
        "warehouse": str(db_path),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with atomic_writer(sidecar) as handle:
        handle.write(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    return ExportResult(name, path, sidecar, frame.height)


def _check_parameters(bound: dict[str, Any]) -> None:
    if "grain" in bound and bound["grain"] not in GRAINS:
        raise WarehouseError(f"the period must be one of {', '.join(GRAINS)}; "
                             f"got {bound['grain']!r}")
    if "by" in bound and bound["by"] not in DIMENSIONS:
        raise WarehouseError(f"the dimension must be one of {', '.join(DIMENSIONS)}; "
                             f"got {bound['by']!r}")
    if "min_postings" in bound and bound["min_postings"] < 1:
        raise WarehouseError(f"--min-postings must be at least 1, got {bound['min_postings']}")


def _filtered(name: str, frame: pl.DataFrame, filters: dict[str, Any]) -> pl.DataFrame:
    for key, value in filters.items():
        if value is None:
            continue
        if key in ("since", "until"):
            column = next((c for c in PERIOD_COLUMNS if c in frame.columns), None)
            if column is None:
                raise WarehouseError(f"{name} has no period column to filter --{key} on")
            bound = pl.lit(value, dtype=pl.Date())
            frame = frame.filter(pl.col(column) >= bound if key == "since"
                                 else pl.col(column) <= bound)
            continue
        columns = [c for c in FILTER_COLUMNS[key] if c in frame.columns]
        # skill_share grouped by this dimension holds its values in group_value
        if not columns and "group_value" in frame.columns and not frame.is_empty() \
                and frame["by"][0] in FILTER_COLUMNS[key]:
            columns = ["group_value"]
        if not columns:
            raise WarehouseError(f"{name} has no {key} column to filter on")
        wanted = str(value).lower()
        match = pl.any_horizontal(pl.col(c).cast(pl.String).str.to_lowercase() == wanted
                                  for c in columns)
        frame = frame.filter(match)
    return frame


def _versions(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What data the export was computed from: last load, pipeline and taxonomy versions."""
    last_run = con.sql("SELECT run_id, finished_at FROM runs ORDER BY started_at DESC LIMIT 1"
                       ).fetchall()
    pipelines = con.sql("SELECT pipeline_version, count(*) FROM postings GROUP BY 1 ORDER BY 2 "
                        "DESC").fetchall()
    taxonomies = con.sql("SELECT DISTINCT taxonomy_version FROM skills ORDER BY 1").fetchall()
    schema = con.sql("SELECT max(version) FROM schema_version").fetchall()[0][0]
    return {
        "data": {"last_run_id": last_run[0][0] if last_run else None,
                 "last_run_finished_at": _jsonable(last_run[0][1]) if last_run else None,
                 "postings": sum(count for _, count in pipelines)},
        "pipeline": {version: count for version, count in pipelines},
        "taxonomy": [version for (version,) in taxonomies],
        "schema": schema,
    }


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
