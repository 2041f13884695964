"""Read a dump (xlsx, CSV or JSON Lines) into rows of named cells.

Cells keep the type the file gave them where that matters: an Excel cell that is a real
datetime comes back as ``datetime`` (not text), because the NYC fix for swapped dates applies
to datetime cells only. Everything else in a workbook or CSV is text.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from leadtrends.importers.result import ImportFailed

log = logging.getLogger(__name__)

# How fastexcel renders a datetime cell when asked for text.
_RENDERED_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
# Job descriptions run long; csv's default 128 KiB field cap would reject some.
_CSV_FIELD_LIMIT = 16 * 1024 * 1024


@dataclass
class Row:
    number: int  # row (workbook, CSV record) or line (JSON Lines) number, for log messages
    values: dict[str, Any]


@dataclass
class Table:
    path: Path
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # records unreadable as rows

    @property
    def records_read(self) -> int:
        return len(self.rows) + sum(self.skipped.values())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def read_xlsx(path: Path) -> Table:
    """The first sheet of a workbook; its first row names the columns."""
    import fastexcel
    import polars as pl

    try:
        reader = fastexcel.read_excel(path)
        text = reader.load_sheet(0, dtypes="string").to_polars()
    except Exception as exc:  # fastexcel raises its own hierarchy plus OSError
        raise ImportFailed(f"cannot read {path} as an Excel workbook: {_first_line(exc)}") \
            from exc
    columns = list(text.columns)
    if not columns:
        raise ImportFailed(f"{path} has no header row in its first sheet")
    records = text.to_dicts()
    date_columns = [c for c in columns if text[c].dtype == pl.String
                    and any(isinstance(v, str) and _RENDERED_DATETIME.match(v) for v in text[c])]
    if date_columns:
        # Read those columns again as datetimes: text cells come back null, so a non-null value
        # marks a cell that is a datetime in the workbook.
        typed = reader.load_sheet(0, use_columns=date_columns,
                                  dtypes=dict.fromkeys(date_columns, "datetime")).to_polars()
        for name in date_columns:
            for record, value in zip(records, typed[name], strict=True):
                if isinstance(value, datetime):
                    record[name] = value
    # Row 1 is the header, so data starts on spreadsheet row 2.
    return Table(path, columns, [Row(n, r) for n, r in enumerate(records, start=2)])


def read_csv(path: Path) -> Table:
    """A CSV with a header row (UTF-8, optional BOM); quoted fields may span lines."""
    csv.field_size_limit(max(csv.field_size_limit(), min(_CSV_FIELD_LIMIT, sys.maxsize)))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise ImportFailed(f"{path} is empty (expected a header row)")
            columns = [name.strip() for name in header]
            _check_unique(path, columns)
            table = Table(path, columns)
            for record in reader:
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) != len(columns):
                    table.skipped["wrong_field_count"] += 1
                    _log_skip(path, reader.line_num, "wrong_field_count",
                              f"{len(record)} fields, header has {len(columns)}")
                    continue
                table.rows.append(Row(reader.line_num, dict(zip(columns, record, strict=True))))
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{path} is not UTF-8 text ({_first_line(exc)}); "
                           "re-save it as UTF-8") from exc
    except csv.Error as exc:
        raise ImportFailed(f"{path} is not valid CSV: {_first_line(exc)}") from exc
    return table


def read_jsonl(path: Path) -> Table:
    """One JSON object per line; the columns are every key seen, in first-seen order."""
    rows: list[Row] = []
    skipped: Counter[str] = Counter()
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    skipped["invalid_json"] += 1
                    _log_skip(path, number, "invalid_json", _first_line(exc))
                    continue
                if not isinstance(value, dict):
                    skipped["not_an_object"] += 1
                    _log_skip(path, number, "not_an_object", type(value).__name__)
                    continue
                rows.append(Row(number, value))
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{path} is not UTF-8 text ({_first_line(exc)})") from exc
    columns = list(dict.fromkeys(key for row in rows for key in row.values))
    return Table(path, columns, rows, skipped)


def _check_unique(path: Path, columns: list[str]) -> None:
    repeated = [name for name, count in Counter(columns).items() if count > 1]
    if repeated:
        raise ImportFailed(f"{path} names column {repeated[0]!r} more than once")


def _log_skip(path: Path, number: int, reason: str, detail: str) -> None:
    log.warning("%s:%d skipped (%s): %s", path, number, reason, detail)
