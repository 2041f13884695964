"""The Parquet lake: stage hand-off files partitioned by source and day.

``data/lake/<dataset>/source=<source>/date=<YYYY-MM-DD>/<run id>-<part>.parquet``. Every file
is written atomically (temporary name, then rename), so a file that exists is complete: the
pipeline uses that as its checkpoint, and DuckDB reads the lake directly::

    SELECT source, date, count(*)
    FROM read_parquet('data/lake/postings/*/*/*.parquet', hive_partitioning = true)
    GROUP BY ALL;

The Arrow schema is derived from the pydantic model, so every file of a dataset has the
same columns and types whatever its rows hold (an all-NULL column keeps its type).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from leadtrends.errors import LeadtrendsError
from leadtrends.jsonl import atomic_writer

M = TypeVar("M", bound=BaseModel)

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(),
    date: pa.date32(), datetime: pa.timestamp("us", tz="UTC"),
}


class LakeFileError(LeadtrendsError):
    """A lake file that cannot be read back (truncated, not Parquet, wrong columns)."""


def _arrow_type(annotation: Any) -> pa.DataType:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _arrow_type(inner)
    if origin is Literal:
        return pa.string()
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(_arrow_type(item))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(name, _arrow_type(field.annotation))
                          for name, field in annotation.model_fields.items()])
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    raise TypeError(f"no Parquet type for {annotation!r}")


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    return pa.schema([pa.field(name, _arrow_type(field.annotation))
                      for name, field in model.model_fields.items()])


def partition_dir(root: Path, dataset: str, source: str, day: date) -> Path:
    return root / dataset / f"source={source}" / f"date={day.isoformat()}"


def write_models_parquet(path: Path, models: Iterable[BaseModel],
                         model: type[BaseModel]) -> int:
    """Write ``models`` to one Parquet file atomically; returns the row count."""
    rows = [m.model_dump(mode="python") for m in models]
    table = pa.Table.from_pylist(rows, schema=arrow_schema(model))
    with atomic_writer(path, binary=True) as handle:
        pq.write_table(table, handle, compression="zstd")
    return table.num_rows


def _reason(exc: Exception) -> str:
    """Arrow's message without the file name it repeats and the advice after it."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text.split("': ", 1)[-1].split(". ", 1)[0].rstrip(".")


def read_models_parquet(paths: Sequence[Path], model: type[M]) -> list[M]:
    """Every row of ``paths`` as ``model``; an unreadable file is a clear error naming it."""
    out: list[M] = []
    for path in paths:
        try:
            rows = pq.read_table(path, schema=arrow_schema(model)).to_pylist()
        except (pa.ArrowException, OSError) as exc:
            raise LakeFileError(f"corrupt stage file {path}: {_reason(exc)}; delete it and "
                                f"re-run to redo that part") from exc
        out.extend(model.model_validate(row) for row in rows)
    return out
