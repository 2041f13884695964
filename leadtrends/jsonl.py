"""JSON Lines hand-off files between stages: atomic writes, counted skips on read."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


def _umask() -> int:
    """The process umask, read without changing it (os.umask would, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


@contextmanager
def atomic_writer(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    A reader never sees a half-written stage file, and a crash leaves the old one intact.
    ``binary`` opens the file for bytes (Parquet) instead of UTF-8 text.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    # mkstemp makes the file private (0600); the files we write are shared data, so they
    # get the permissions a plain open() would give them
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_models(path: Path, models: Iterable[BaseModel]) -> int:
    count = 0
    with atomic_writer(path) as handle:
        for model in models:
            handle.write(model.model_dump_json())
            handle.write("\n")
            count += 1
    return count


def read_models(path: Path, model: type[M], skipped: Counter[str] | None = None) -> Iterator[M]:
    """Yield valid records; count and log the lines that are not (never raise on bad lines)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield model.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValidationError) as exc:
                reason = "invalid_json" if isinstance(exc, json.JSONDecodeError) else "invalid_record"
                if skipped is not None:
                    skipped[reason] += 1
                log.warning("%s:%d skipped (%s): %s", path, lineno, reason,
                            str(exc).splitlines()[0])
