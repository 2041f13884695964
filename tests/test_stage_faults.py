"""Faults around a stored warehouse: a full disk, a read-only data directory, a corrupt
stage file, the warehouse held open for writing by another process. Each gives a one-line
error and leaves the published warehouse byte for byte as it was; once the fault is gone
the same commands finish the run."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def leadtrends(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEADTRENDS_DEBUG"}
    return subprocess.run([sys.executable, "-m", "leadtrends", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=env, timeout=600, check=False,
                          stdin=subprocess.DEVNULL)


def ok(data: Path, *args: str) -> None:
    done = leadtrends(data, *args)
    assert done.returncode == 0, done.stderr


def one_line_error(done: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A data directory whose warehouse holds one loaded run."""
    data = tmp_path_factory.mktemp("stored") / "data"
    for stage in (("crawl", "--adverts", "60"), ("extract",), ("load",)):
        ok(data, *stage)
    return data


def copy_with_one_changed_advert(stored: Path, target: Path) -> Path:
    """A copy of ``stored`` whose next extract has one changed advert to extract."""
    shutil.copytree(stored, target)
    crawl = target / "crawl" / "sample-site.jsonl"
    lines = crawl.read_text().splitlines()
    record = json.loads(lines[0])
    record["description"] += "\nNew: experience with Kubernetes is a plus."
    crawl.write_text("\n".join([json.dumps(record), *lines[1:]]) + "\n")
    return target


def test_warehouse_open_for_writing_elsewhere_is_a_clear_error(stored, tmp_path):
    data = copy_with_one_changed_advert(stored, tmp_path / "data")
    warehouse = data / "leadtrends.duckdb"
    before = digest(warehouse)
    holder = subprocess.Popen(
        [sys.executable, "-c", ("import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
         "print('holding', flush=True); sys.stdin.read()"), str(warehouse)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        error = one_line_error(leadtrends(data, "extract"), str(warehouse), str(holder.pid))
        assert "open for writing" in error or "lock" in error
    finally:
        holder.communicate(input="", timeout=30)
    assert digest(warehouse) == before
    ok(data, "extract")
    ok(data, "load")


def test_corrupt_stage_file_is_named_and_nothing_is_loaded(stored, tmp_path):
    data = copy_with_one_changed_advert(stored, tmp_path / "data")
    before = digest(data / "leadtrends.duckdb")
    ok(data, "extract")
    current = json.loads((data / "runs" / "current.json").read_text())["run_id"]
    (batch,) = (data / "lake" / "postings").glob(f"source=*/date=*/{current}-*.parquet")
    batch.write_bytes(b"PAR1 not really parquet")
    one_line_error(leadtrends(data, "load"), "corrupt stage file", str(batch))
    assert digest(data / "leadtrends.duckdb") == before
    batch.unlink()  # as the message says: delete it and re-run
    ok(data, "extract")
    ok(data, "load")


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                           str(mount_point)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    """Write zeros under ``folder`` until its file system is full."""
    filler = folder / "filler"
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * (1 << 20))
            handle.flush()
    return filler


def test_full_disk_fails_the_load_in_one_line_and_keeps_the_warehouse(stored, tmp_path):
    with tmpfs(tmp_path / "mnt", "64m") as mnt:
        data = copy_with_one_changed_advert(stored, mnt / "data")
        warehouse = data / "leadtrends.duckdb"
        before = digest(warehouse)
        ok(data, "extract")
        filler = fill(mnt)
        one_line_error(leadtrends(data, "load"), "No space left on device")
        assert digest(warehouse) == before
        assert not (data / "leadtrends.duckdb.building").exists()
        filler.unlink()
        ok(data, "load")
        assert digest(warehouse) != before


def test_read_only_data_directory_is_a_clear_error(stored, tmp_path):
    with tmpfs(tmp_path / "mnt", "64m") as mnt:
        data = copy_with_one_changed_advert(stored, mnt / "data")
        before = digest(data / "leadtrends.duckdb")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        try:
            one_line_error(leadtrends(data, "extract"), "Read-only file system")
            one_line_error(leadtrends(data, "run"), "Read-only file system")
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True)
        assert digest(data / "leadtrends.duckdb") == before
