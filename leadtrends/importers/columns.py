"""Finding a dump's columns by name, forgiving case and punctuation.

"Job ID", "job_id" and "JOB-ID" are the same column here, so the xlsx headers, a portal CSV
export and the SODA API's field names all match one preset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from leadtrends.importers.result import ImportFailed
from leadtrends.importers.tables import Table

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def column_key(name: str) -> str:
    return _NON_ALNUM.sub("_", name.lower()).strip("_")


def find_column(columns: Iterable[str], candidates: Iterable[str]) -> str | None:
    """The first column whose key equals the key of a candidate (candidates in order)."""
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(column_key(column), column)
    return next((by_key[column_key(c)] for c in candidates if column_key(c) in by_key), None)


def require_mapped_column(table: Table, key: str, column: str) -> str:
    """The column a mapping entry names, as the table spells it; a one-line error if absent.

    A dotted name ("company.name") reaches into JSON objects, so only its first part must be
    a column.
    """
    head = column.split(".", 1)[0]
    if column in table.columns or head in table.columns:
        return column
    found = find_column(table.columns, [column])
    if found is not None:
        return found
    if not table.columns:  # an empty JSON Lines file has no columns to check against
        return column
    shown = ", ".join(table.columns[:12]) + (", …" if len(table.columns) > 12 else "")
    raise ImportFailed(f"mapping {key}={column!r}: {table.path.name} has no column {column!r} "
                       f"(columns: {shown})")
