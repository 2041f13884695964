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
import errno
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError, first_line

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 600.0


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


@contextlib.contextmanager
def writer_lock(db_path: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold ``<warehouse>.lock`` for the block; wait at most ``wait_seconds`` for it."""
    lock_path = _sibling(db_path, ".lock")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise WarehouseError(
                        f"warehouse {db_path} is being written by {holder}; gave up after "
                        f"waiting {wait_seconds:.0f} s, retry when that run has finished"
                    ) from None
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


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
