"""Advisory file locks (``flock``) that name their holder when someone else has them."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, wait_seconds: float,
                   on_busy: Callable[[str], Exception]) -> Iterator[None]:
    """Hold ``lock_path`` for the block, waiting at most ``wait_seconds`` for it.

    The holder writes who it is into the file; when the wait runs out, ``on_busy`` gets that
    text and returns the exception to raise. The lock goes with the process: a killed
    holder never leaves a stale lock behind.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
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
                    raise on_busy(handle.read().strip() or "another process") from None
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
