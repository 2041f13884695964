"""Where runtime data lives: one layout, one place that knows it.

Everything goes under a data directory (default ``./data``; override with
``--data-dir`` or ``LEADTRENDS_DATA_DIR``). Each stage reads the previous
stage's files from here, so any stage can be re-run alone.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "LEADTRENDS_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
        chosen = data_dir or os.environ.get(ENV_VAR) or "data"
        return cls(Path(chosen).expanduser().resolve())

    @property
    def crawl_dir(self) -> Path:
        """One JSON Lines file of postings per source, plus its crawl stats."""
        return self.root / "crawl"

    @property
    def extract_dir(self) -> Path:
        return self.root / "extract"

    @property
    def skills_file(self) -> Path:
        """The taxonomy snapshot the extract stage used, for the warehouse's skills table."""
        return self.extract_dir / "skills.jsonl"

    @property
    def warehouse(self) -> Path:
        return self.root / "leadtrends.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def sample_board_dir(self) -> Path:
        return self.root / "sample_board"

    def crawl_output(self, source: str) -> Path:
        return self.crawl_dir / f"{source}.jsonl"

    def crawl_stats(self, source: str) -> Path:
        return self.crawl_dir / f"{source}.stats.json"

    def crawl_state(self, source: str) -> Path:
        """When the source was last crawled into a committed load (for "changed since")."""
        return self.crawl_dir / f"{source}.state.json"

    def crawl_pending_state(self, source: str) -> Path:
        """This crawl's start time, promoted to ``crawl_state`` once the load commits."""
        return self.crawl_dir / f"{source}.pending.json"

    @property
    def lake_dir(self) -> Path:
        """Parquet stage hand-off, partitioned by source and day (see leadtrends.lake)."""
        return self.root / "lake"

    @property
    def runs_dir(self) -> Path:
        """The run ledger (current.json, then <run id>.json) and the run lock."""
        return self.root / "runs"

    @property
    def seen_postings(self) -> Path:
        """Postings crawled again unchanged and already extracted: the load only touches them."""
        return self.extract_dir / "seen.jsonl"

    def ensure_writable(self) -> DataPaths:
        """``ensure``, then prove a file can be written here (an OSError names the problem)."""
        self.ensure()
        with tempfile.TemporaryFile(dir=self.root):
            pass
        return self

    def ensure(self) -> DataPaths:
        for path in (self.crawl_dir, self.extract_dir, self.exports_dir, self.lake_dir,
                     self.runs_dir):
            path.mkdir(parents=True, exist_ok=True)
        return self
