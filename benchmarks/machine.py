"""The machine line every benchmark prints, so numbers are never recorded without it."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    mem = ""
    if Path("/proc/meminfo").exists():
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    return (f"{platform.machine()}, {os.cpu_count()} cores{mem}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
