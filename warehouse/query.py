"""Ad-hoc SQL for analysts (``leadtrends sql``), always on a read-only connection.

Read-only is DuckDB's own mode, not a filter on the SQL text, so every kind of write is
refused by the database itself however it is spelled.
"""

from __future__ import annotations

import os

import duckdb
import polars as pl

from warehouse.connect import connect
from warehouse.errors import WarehouseError, first_line


def run_sql(db_path: str | os.PathLike[str], sql: str) -> pl.DataFrame:
    """Run ``sql`` against the warehouse read-only and return the result of its last statement.

    A statement that returns no rows (``SET``, ``PRAGMA`` ...) gives an empty frame. Any
    DuckDB error, including the refusal to write, becomes a one-line ``WarehouseError``.
    """
    if not sql.strip():
        raise WarehouseError("no SQL given; pass a query such as \"select * from runs\"")
    with connect(db_path, read_only=True) as con:
        try:
            relation = con.sql(sql)
            return pl.DataFrame() if relation is None else relation.pl()
        except duckdb.Error as exc:
            raise WarehouseError(f"query failed: {first_line(exc)}") from exc
