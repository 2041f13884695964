"""What a preset is: how to read a dump and turn each of its rows into Posting fields."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leadtrends.importers.tables import Row, Table


@dataclass(frozen=True)
class Converted:
    """Posting fields for one row, and how strongly to prefer it over a row with the same id
    (the higher ``preference`` is kept)."""

    fields: dict[str, Any]
    preference: tuple[Any, ...]


RowConverter = Callable[[Row], Converted]


@dataclass(frozen=True)
class Preset:
    """``prepare`` checks the mapping against the table (raising ``ImportFailed``) and returns
    the row converter; converters raise ``RowSkipped`` for bad rows and count values they
    could not parse in ``unparsed`` (keyed by Posting field)."""

    name: str
    default_source: Callable[[Path], str]
    read: Callable[[Path], Table]
    prepare: Callable[[Table, dict[str, str], str, Counter[str]], RowConverter]
