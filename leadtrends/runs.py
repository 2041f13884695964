"""The run ledger: what the current pipeline run has finished, so a killed run resumes.

A run is one crawl -> extract -> load -> export -> report. Its ledger,
``data/runs/current.json``, is rewritten atomically after every unit of work (a source
crawled, the extract planned, the load committed, ...). A run that starts while an
unfinished ledger with the same parameters exists resumes it: same run id, and every unit
the ledger records is skipped. The ledger moves to ``data/runs/<run id>.json`` when the run
finishes. Units record their own summaries, so a resumed run can still report them.

Only one run may write a data directory at a time (:func:`run_lock`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from leadtrends.errors import LeadtrendsError
from leadtrends.jsonl import atomic_writer
from leadtrends.locks import exclusive_lock
from leadtrends.paths import DataPaths

log = logging.getLogger(__name__)


class RunBusy(LeadtrendsError):
    """Another pipeline run holds the data directory."""


def run_lock(paths: DataPaths, wait_seconds: float = 0.0
             ) -> contextlib.AbstractContextManager[None]:
    """Hold the data directory's run lock; a second run fails at once with who holds it."""
    def busy(holder: str) -> Exception:
        return RunBusy(f"another leadtrends run is writing {paths.root} ({holder}); "
                       f"wait for it to finish, then run again")
    return exclusive_lock(paths.runs_dir / "run.lock", wait_seconds, busy)


@dataclass
class RunLedger:
    run_id: str
    started_at: str
    params: dict[str, Any]
    crawl: dict[str, dict[str, Any]] = field(default_factory=dict)
    extract: dict[str, Any] | None = None
    load: dict[str, Any] | None = None
    export: list[str] | None = None
    report: str | None = None
    finished_at: str | None = None
    resumed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    path: Path = field(default=Path(), repr=False, compare=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    @property
    def day(self) -> date:
        """The run's day: the date partition of everything it writes to the lake."""
        return datetime.fromisoformat(self.started_at).date()

    @classmethod
    def open(cls, paths: DataPaths, params: dict[str, Any]) -> RunLedger:
        """Resume the unfinished run with these parameters, or start a new one."""
        from warehouse.load import new_run_id

        current = paths.runs_dir / "current.json"
        previous = _read(current)
        if previous is not None and previous.params == params:
            previous.resumed += 1
            previous.path = current
            previous.save()
            log.info("resuming unfinished run %s (done: %s)", previous.run_id,
                        ", ".join(previous.done_units()) or "nothing")
            return previous
        if previous is not None:
            abandoned = paths.runs_dir / f"{previous.run_id}.abandoned.json"
            current.replace(abandoned)
            log.warning("unfinished run %s had other parameters; left in %s, starting anew",
                        previous.run_id, abandoned)
        started = datetime.now(UTC).replace(microsecond=0)
        ledger = cls(run_id=new_run_id(started), started_at=started.isoformat(),
                     params=params, path=current)
        ledger.save()
        return ledger

    def done_units(self) -> list[str]:
        units = [f"crawl {name}" for name in self.crawl]
        units += [name for name in ("extract", "load", "export", "report")
                  if getattr(self, name) is not None]
        return units

    def save(self) -> None:
        with self._lock:
            record = {k: v for k, v in asdict(self).items() if k != "path"}
            with atomic_writer(self.path) as handle:
                json.dump(record, handle, indent=1, sort_keys=True)

    def record(self, unit: str, value: Any, key: str | None = None,
               seconds: float | None = None) -> None:
        """Mark ``unit`` (``crawl`` with a source ``key``, or a stage) done with its summary
        (made JSON-safe: paths become strings) and how long it took."""
        value = json.loads(json.dumps(value, default=str))
        with self._lock:
            if key is None:
                setattr(self, unit, value)
            else:
                getattr(self, unit)[key] = value
            if seconds is not None:
                self.seconds[unit if key is None else f"{unit} {key}"] = round(seconds, 2)
        self.save()

    def finish(self) -> None:
        self.finished_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        self.save()
        self.path.replace(self.path.with_name(f"{self.run_id}.json"))


def _read(path: Path) -> RunLedger | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RunLedger(**data)
    except (ValueError, TypeError) as exc:
        raise LeadtrendsError(
            f"corrupt run ledger {path}: {exc}; delete it to start a new run") from exc



@contextlib.contextmanager
def open_run(paths: DataPaths, params: dict[str, Any]) -> Iterator[RunLedger]:
    """The run lock held and the run (resumed or new) for a stage command."""
    with run_lock(paths):
        yield RunLedger.open(paths, params)
