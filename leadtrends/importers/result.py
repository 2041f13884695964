"""What an import reports back, and the one error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from leadtrends.errors import LeadtrendsError


class ImportFailed(LeadtrendsError):
    """The dump as a whole cannot be imported (missing, unreadable, or a bad mapping)."""


class RowSkipped(Exception):
    """One row cannot become a posting; the import counts it under ``reason`` and goes on."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class ImportResult:
    """Counts of one import. ``rows_read == postings_written + duplicates + sum(skipped)``.

    ``duplicates`` counts rows dropped as a repeat of an id already imported (reason
    ``duplicate_id``); ``skipped`` counts bad rows per reason. ``fields_unparsed`` counts values
    kept only in their ``*_raw`` field because they could not be parsed (the row is still
    written), e.g. ``{"date_posted": 3}``.
    """

    source: str
    output: Path
    rows_read: int = 0
    postings_written: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    fields_unparsed: dict[str, int] = field(default_factory=dict)
    elapsed_seconds: float = 0.0
