"""Read skill trends out of the warehouse as Polars frames.

Both functions read the ``skill_trends_monthly`` view through the SQL in ``queries/``; every
user-supplied value reaches DuckDB as a bound parameter.
"""

from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl

from leadtrends.model import ROLE_FAMILIES, SENIORITIES
from warehouse.errors import WarehouseError, first_line
from warehouse.sql_files import sql_text

QUERIES = "queries"
Period = Literal["month", "quarter", "year"]
Direction = Literal["rising", "falling"]

PERIODS: tuple[str, ...] = ("month", "quarter", "year")
DIRECTIONS: tuple[str, ...] = ("rising", "falling")
# The view adds 'all' rollups, and 'unknown' for postings the extractor could not grade.
VIEW_FAMILIES: tuple[str, ...] = (*ROLE_FAMILIES, "all")
VIEW_SENIORITIES: tuple[str, ...] = (*SENIORITIES, "unknown", "all")


def skill_trends(con: duckdb.DuckDBPyConnection, skill: str | None = None,
                 family: str | None = None, seniority: str | None = None,
                 by: Period = "month") -> pl.DataFrame:
    """Per-period counts and share of target postings mentioning each skill.

    ``skill`` is a skill id or a skill name in any case. ``family`` and ``seniority`` filter
    the view's groups; pass ``'all'`` for the rollup over every family or seniority, or
    None to keep every group (rollups included). Quarters and years sum the monthly
    numerators and denominators, then divide, so a busy month weighs more than a quiet one.
    Columns: period, role_family, seniority, skill_id, skill_name, skill_category,
    postings_with_skill, target_postings, share.
    """
    _check_choice("by", by, PERIODS)
    if family is not None:
        _check_choice("family", family, VIEW_FAMILIES)
    if seniority is not None:
        _check_choice("seniority", seniority, VIEW_SENIORITIES)
    skill_id = resolve_skill(con, skill) if skill is not None else None
    return _frame(con, "skill_trends", {"skill_id": skill_id, "family": family,
                                        "seniority": seniority, "period": by})


def rising_skills(con: duckdb.DuckDBPyConnection, top: int = 10, window_months: int = 12,
                  min_postings: int = 3, direction: Direction = "rising",
                  family: str = "all", seniority: str = "all") -> pl.DataFrame:
    """Skills whose share grew (or, with ``direction="falling"``, shrank) the most.

    Compares a skill's share of target postings in the first ``window_months`` months of
    data with its share in the last ``window_months`` (each window shrinks to half the data's
    span when the data is shorter, so they never overlap). Skills with fewer than
    ``min_postings`` mentioning postings across both windows are left out: on a handful of
    adverts a change of share is noise. Ranked by the size of the change, largest first.
    Columns: skill_id, skill_name, skill_category, early_start, early_end, late_start,
    late_end, early_postings_with_skill, early_target_postings, early_share,
    late_postings_with_skill, late_target_postings, late_share, share_change.
    """
    _check_choice("direction", direction, DIRECTIONS)
    _check_choice("family", family, VIEW_FAMILIES)
    _check_choice("seniority", seniority, VIEW_SENIORITIES)
    for name, value, least in (("top", top, 1), ("window_months", window_months, 1),
                               ("min_postings", min_postings, 0)):
        if value < least:
            raise WarehouseError(f"{name} must be at least {least}, got {value}")
    return _frame(con, "skill_shift", {
        "top": top, "window_months": window_months, "min_postings": min_postings,
        "direction": direction, "family": family, "seniority": seniority,
    })


def resolve_skill(con: duckdb.DuckDBPyConnection, skill: str) -> str:
    """The skill id for what a user typed: an id, or a name in any letter case."""
    rows = con.sql(sql_text(QUERIES, "skill_id_lookup"), params={"skill": skill}).fetchall()
    if not rows:
        raise WarehouseError(
            f"no skill with id or name {skill!r} in the warehouse; list them with: "
            f"leadtrends sql \"select skill_id, name from skills order by 1\""
        )
    return rows[0][0]


def _frame(con: duckdb.DuckDBPyConnection, query: str, params: dict[str, object]) -> pl.DataFrame:
    try:
        return con.sql(sql_text(QUERIES, query), params=params).pl()
    except duckdb.Error as exc:
        raise WarehouseError(f"{query} query failed: {first_line(exc)}") from exc


def _check_choice(name: str, value: str, accepted: tuple[str, ...]) -> None:
    if value not in accepted:
        raise WarehouseError(f"{name} must be one of {', '.join(accepted)}; got {value!r}")
