"""Open the warehouse: migrated when writable, checked when read-only, clear when locked."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError, first_line
from warehouse.migrate import apply_views, current_version, latest_version, migrate

__all__ = ["WarehouseError", "connect"]

_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


def connect(db_path: str | os.PathLike[str], read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB warehouse at ``db_path``.

    Writable: the file (and its folder) is created if missing, pending migrations are
    applied and the views re-created. Read-only: the file must exist and be fully
    migrated, because a read-only connection can change nothing. The caller closes the
    connection (it is a context manager).
    """
    path = Path(db_path).expanduser()
    if read_only and not path.is_file():
        raise WarehouseError(
            f"warehouse {path} does not exist; run the load stage first (leadtrends load)"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only)
    try:
        if read_only:
            _check_schema(con, path)
        else:
            migrate(con)
            apply_views(con)
    except BaseException:
        con.close()
        raise
    return con


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            holder = _LOCK_HOLDER.search(message)
            who = f"process {holder.group(1)}" if holder else "another process"
            # While one process has the file open for writing DuckDB lets no other
            # process open it at all, so a reader meets this during a load too.
            raise WarehouseError(
                f"warehouse {path} is locked by {who}, which has it open for writing; wait "
                f"for that load to finish or close the program holding the file (a DuckDB "
                f"shell, a notebook), then retry"
            ) from exc
        raise WarehouseError(f"cannot open warehouse {path}: {first_line(exc)}") from exc
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open warehouse {path}: {first_line(exc)}") from exc


def _check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    found = current_version(con)
    expected = latest_version()
    if found is None:
        raise WarehouseError(
            f"{path} is not a leadtrends warehouse (no schema_version table); "
            f"run the load stage to create one"
        )
    if found != expected:
        raise WarehouseError(
            f"warehouse {path} is at schema version {found} but this leadtrends expects "
            f"{expected}; run the load stage once to migrate it"
            if found < expected else
            f"warehouse {path} is at schema version {found}, newer than this leadtrends "
            f"({expected}); upgrade leadtrends"
        )
