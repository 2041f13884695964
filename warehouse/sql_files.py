"""SQL kept in ``.sql`` files inside the package, read as package data.

Reading through importlib.resources (not paths relative to this file) keeps the SQL
reachable when the package is installed as a wheel or zip.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

import duckdb

PACKAGE = "warehouse"


def sql_folder(folder: str) -> Traversable:
    return files(PACKAGE).joinpath(folder)


def sql_file_names(folder: str) -> list[str]:
    """Names of the ``.sql`` files in ``folder``, sorted so they apply in a stable order."""
    return sorted(entry.name for entry in sql_folder(folder).iterdir()
                  if entry.is_file() and entry.name.endswith(".sql"))


@cache
def sql_text(folder: str, name: str) -> str:
    """The text of ``folder/name.sql`` (``name`` without the suffix)."""
    return sql_folder(folder).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, folder: str, name: str,
               params: dict[str, object] | None = None) -> None:
    """Run every statement of ``folder/name.sql``, each with the parameters it names.

    DuckDB binds parameters only in the last statement of a multi-statement string, so a
    script is split with DuckDB's own parser (comments and strings holding ";" are safe).
    """
    given = params or {}
    for statement in con.extract_statements(sql_text(folder, name)):
        wanted = statement.named_parameters
        con.execute(statement, {key: given[key] for key in wanted} if wanted else None)
