"""Write the warehouse beside the analysts: build a copy, then publish it by atomic rename.

DuckDB lets one process hold a file for writing, and while any process has it open (even
read-only) no other process can open it for writing. An analyst's notebook left open
overnight would therefore make the scheduled load fail. Instead a writer:

1. takes ``<warehouse>.lock`` (``flock``), so two writers never build at once; a second
   writer waits up to ``wait_seconds`` and then fails with a one-line message;
2. copies the published file to ``<warehouse>.building`` (reading a file other processes
   hold open is allowed) and writes only to the copy;
3. on success closes the copy (DuckDB checkpoints on close, so the copy needs no WAL) and
   renames it over the published file in one ``os.replace``.

Readers that were already connected keep reading the version they opened (on POSIX the old
file lives on until they close it); every new connection sees the new version whole. A
failure or a kill at any point leaves the published file untouched; a stale ``.building``
file from a killed writer is discarded by the next one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from leadtrends.locks import exclusive_lock
from warehouse.errors import WarehouseError, first_line

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 600.0


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def writer_lock(db_path: Path, wait_seconds: float = LOCK_WAIT_SECONDS
                ) -> contextlib.AbstractContextManager[None]:
    """Hold ``<warehouse>.lock`` for the block; wait at most ``wait_seconds`` for it."""
    def busy(holder: str) -> Exception:
        return WarehouseError(
            f"warehouse {db_path} is being written by {holder}; gave up after waiting "
            f"{wait_seconds:.0f} s, retry when that run has finished")
    return exclusive_lock(_sibling(db_path, ".lock"), wait_seconds, busy)


@contextlib.contextmanager
def building_copy(db_path: str | os.PathLike[str],
                  wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[Path]:
    """Yield a private copy of the warehouse to write; publish it if the block succeeds.

    The caller must close every connection to the copy before the block ends.
    """
    published = Path(db_path).expanduser()
    building = _sibling(published, ".building")
    with writer_lock(published, wait_seconds):
        _remove(building)
        if published.exists():
            _refuse_if_held_for_writing(published)
            _settle_wal(published)
            try:
                shutil.copyfile(published, building)
            except OSError as exc:
                _remove(building)
                raise WarehouseError(
                    f"cannot copy warehouse {published} to build the next version: "
                    f"{exc.strerror or exc}") from exc
        try:
            yield building
            if _sibling(building, ".wal").exists():
                raise WarehouseError(
                    f"the new warehouse {building} still has a write-ahead log: a connection "
                    f"to it was left open; nothing was published")
            os.replace(building, published)
        except BaseException:
            _remove(building)
            raise
    log.info("published warehouse %s", published)


def _refuse_if_held_for_writing(published: Path) -> None:
    """Fail in one line when another process has the warehouse open for writing.

    Copying it then could catch a half-written state, and that process's later writes would
    go to the replaced file; read-only sessions share the lock and do not stop a load.
    """
    try:
        duckdb.connect(str(published), read_only=True).close()
    except duckdb.IOException as exc:
        pid = re.search(r"\(PID (\d+)\)", str(exc))
        holder = f"process {pid.group(1)}" if pid else "another process"
        raise WarehouseError(
            f"warehouse {published} is open for writing in {holder}; "
            f"close that session (read-only sessions are fine) and retry") from exc


def _settle_wal(published: Path) -> None:
    """Fold a write-ahead log left by a killed writer into the file before copying it."""
    if not _sibling(published, ".wal").exists():
        return
    try:
        duckdb.connect(str(published)).close()  # replays and checkpoints the log
    except duckdb.Error as exc:
        raise WarehouseError(
            f"warehouse {published} has an unfinished write-ahead log and cannot be opened "
            f"to settle it ({first_line(exc)}); close other sessions on it and retry"
        ) from exc


def _remove(path: Path) -> None:
    for stale in (path, _sibling(path, ".wal")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
