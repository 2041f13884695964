"""Load the extract stage's files into the warehouse in one transaction.

Postings are upserted by key (first seen kept, last seen moved on), the skill facts of
every loaded posting are replaced, the taxonomy is upserted and a ``runs`` row records the
counts. All of it commits together or not at all: a failure anywhere rolls back to the
state before the load.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from leadtrends.jsonl import read_models
from leadtrends.lake import read_models_parquet
from leadtrends.model import Posting, SeenPosting, Skill
from warehouse.connect import connect
from warehouse.dedupe import rebuild_clusters
from warehouse.errors import WarehouseError, first_line
from warehouse.frames import PostingFrames, posting_frames, skills_frame, taxonomy_version
from warehouse.publish import building_copy
from warehouse.sql_files import run_script, sql_text
from warehouse.trend_counts import refresh_trend_counts

log = logging.getLogger(__name__)

STATEMENTS = "statements"
# An advert missing from this many consecutive runs of its source is closed: one miss can
# be a crawl that stopped early, two in a row rarely are.
CLOSE_AFTER_RUNS = 2


@dataclass(frozen=True)
class LoadResult:
    run_id: str
    postings_in: int
    postings_new: int
    postings_changed: int
    postings_unchanged: int
    skill_facts: int
    skills: int
    skipped_records: int
    postings_seen_unchanged: int = 0
    postings_closed: int = 0
    duplicates: int = 0


def new_run_id(started_at: datetime) -> str:
    """Sortable by start time, unique thanks to the random suffix."""
    return f"{started_at:%Y%m%dT%H%M%S}Z-{uuid.uuid4().hex[:8]}"


def load(db_path: str | os.PathLike[str],
         postings_path: str | os.PathLike[str] | Sequence[Path],
         skills_path: str | os.PathLike[str], run_id: str | None = None,
         seen_path: str | os.PathLike[str] | None = None,
         close_after: int = CLOSE_AFTER_RUNS,
         full_listing: Sequence[str] | None = None) -> LoadResult:
    """Load extracted postings and their taxonomy snapshot; return what the run did.

    ``postings_path`` is a JSON Lines file or a list of Parquet files of the lake. Bad input
    lines are counted in ``skipped_records`` and logged, never fatal; an unreadable Parquet
    file is fatal. Facts that
    name a skill the warehouse does not know are fatal (the two files do not belong
    together) and roll the whole load back. ``seen_path`` lists adverts crawled again with
    unchanged content (not re-extracted): they only get their last-seen time moved on.
    Open adverts of the sources in this load that it does not include count a miss; after
    ``close_after`` consecutive misses they are closed (``postings.closed_at``).
    ``full_listing`` limits the misses to those sources (the others were crawled only in
    part, e.g. incrementally); None: every source in the load.
    """
    if close_after < 1:
        raise WarehouseError(f"close_after must be at least 1, got {close_after}")
    started_at = datetime.now(UTC).replace(tzinfo=None)
    run_id = run_id or new_run_id(started_at)
    lake_files = [] if isinstance(postings_path, str | os.PathLike) else list(postings_path)
    postings_file = Path(postings_path) if not lake_files and isinstance(
        postings_path, str | os.PathLike) else None
    skills_file = Path(skills_path)
    for label, path in (("postings", postings_file), ("skills", skills_file), *(
            ("postings", f) for f in lake_files)):
        if path is not None and not path.is_file():
            raise WarehouseError(f"{label} file {path} does not exist; run the extract stage first")

    skipped: Counter[str] = Counter()
    skills = skills_frame(read_models(skills_file, Skill, skipped), skipped)
    incoming = (read_models(postings_file, Posting, skipped) if postings_file is not None
                else read_models_parquet(lake_files, Posting))
    frames = posting_frames(incoming, skipped)
    seen = pl.DataFrame({"posting_key": [
        s.posting_key for s in (read_models(Path(seen_path), SeenPosting, skipped)
                                if seen_path and Path(seen_path).is_file() else [])]},
        schema={"posting_key": pl.String()})
    if skipped:
        log.warning("load %s skipped %d records: %s", run_id, skipped.total(), dict(skipped))

    # written to a private copy and published whole: analysts' open sessions never block
    # the load, and a failed load leaves the published warehouse as it was
    with building_copy(db_path) as building, connect(building) as con:
        counts = _load_frames(con, frames, skills, seen, params={
            "run_id": run_id, "started_at": started_at, "close_after": close_after,
            "postings_file": str(postings_file or _common_folder(lake_files)),
            "skills_file": str(skills_file), "skipped_records": skipped.total(),
            "every_source": full_listing is None,
        }, full_listing=list(full_listing or []))
    result = LoadResult(run_id=run_id, postings_in=frames.postings.height, skills=skills.height,
                        skipped_records=skipped.total(), **counts)
    log.info("load %s: %s", run_id, result)
    return result


def _load_frames(con: duckdb.DuckDBPyConnection, incoming: PostingFrames,
                 skills: pl.DataFrame, seen: pl.DataFrame,
                 params: dict[str, object], full_listing: list[str] | None = None
                 ) -> dict[str, int]:
    run_id = params["run_id"]
    postings = incoming.postings
    frames = {"incoming_postings": postings, "incoming_skill_facts": incoming.skill_facts,
              "incoming_requirements": incoming.requirements,
              "incoming_experience": incoming.experience,
              "incoming_skills": skills, "incoming_seen": seen,
              "incoming_full_listing": pl.DataFrame(
                  {"source": full_listing or []}, schema={"source": pl.String()})}
    stamp = {"run_id": run_id, "seen_at": params["started_at"]}
    for name, frame in frames.items():
        con.register(name, frame)
    con.begin()
    try:
        if _scalar(con, "run_exists", {"run_id": run_id}):
            raise WarehouseError(f"run {run_id} is already recorded in the warehouse; "
                                 f"use a new run id")
        new, changed, unchanged = con.sql(sql_text(STATEMENTS, "compare_postings")).fetchall()[0]
        con.execute(sql_text(STATEMENTS, "upsert_skills"),
                    {"taxonomy_version": taxonomy_version(skills)})
        con.execute(sql_text(STATEMENTS, "archive_changed_versions"), stamp)
        run_script(con, STATEMENTS, "upsert_postings", stamp)
        touched = con.execute(sql_text(STATEMENTS, "touch_seen_postings"), stamp).fetchall()
        replace_extraction_facts(con)
        _refuse_unknown_skills(con)
        run_script(con, STATEMENTS, "close_unseen_postings",
                   {**stamp, "close_after": params["close_after"],
                    "every_source": params.get("every_source", True)})
        clusters = rebuild_clusters(con, params["started_at"])
        refresh_trend_counts(con)
        counts = {"postings_new": new, "postings_changed": changed,
                  "postings_unchanged": unchanged,
                  "skill_facts": _scalar(con, "count_loaded_facts"),
                  "postings_seen_unchanged": touched[0][0] if touched else 0,
                  "postings_closed": _scalar(con, "count_closed", {"run_id": run_id}),
                  "duplicates": clusters.duplicates}
        run_script(con, STATEMENTS, "insert_run", {
            **params, **counts, "postings_in": postings.height, "skills_in": skills.height,
            "finished_at": datetime.now(UTC).replace(tzinfo=None),
        })
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise WarehouseError(f"load {run_id} failed and was rolled back: "
                             f"{first_line(exc)}") from exc
    except WarehouseError as exc:
        con.rollback()
        raise WarehouseError(f"load {run_id} failed and was rolled back: {exc}") from exc
    except BaseException:
        con.rollback()
        raise
    finally:
        for name in frames:
            con.unregister(name)
    return counts


def recorded_load(db_path: str | os.PathLike[str], run_id: str) -> LoadResult | None:
    """What the load of ``run_id`` did, if the warehouse holds it (None otherwise)."""
    with connect(db_path, read_only=True) as con:
        row = con.execute(sql_text(STATEMENTS, "recorded_run"), {"run_id": run_id}).fetchone()
    if row is None:
        return None
    columns = ("postings_in", "postings_new", "postings_changed", "postings_unchanged",
               "skill_facts", "skills", "skipped_records", "postings_seen_unchanged",
               "postings_closed", "duplicates")
    return LoadResult(run_id=run_id, **dict(zip(columns, row, strict=True)))


def run_by_source(db_path: str | os.PathLike[str], run_id: str) -> dict[str, dict[str, int]]:
    """Per source, the adverts the load of ``run_id`` stored new, changed and closed."""
    with connect(db_path, read_only=True) as con:
        rows = con.execute(sql_text(STATEMENTS, "run_by_source"), {"run_id": run_id}).fetchall()
    return {source: {"new": new, "changed": changed, "closed": closed}
            for source, new, changed, closed in rows}


def _common_folder(files: list[Path]) -> str:
    return os.path.commonpath(files) if files else ""


def replace_extraction_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Skill facts, requirements and experience evidence of the incoming postings replaced
    by the registered ``incoming_*`` frames (the load and reextract share this)."""
    run_script(con, STATEMENTS, "delete_posting_skills")
    con.execute(sql_text(STATEMENTS, "insert_posting_skills"))
    run_script(con, STATEMENTS, "insert_posting_requirements")


def _scalar(con: duckdb.DuckDBPyConnection, statement: str,
            params: dict[str, object] | None = None) -> int:
    return con.sql(sql_text(STATEMENTS, statement), params=params).fetchall()[0][0]


def _refuse_unknown_skills(con: duckdb.DuckDBPyConnection) -> None:
    unknown = con.sql(sql_text(STATEMENTS, "unknown_fact_skills")).fetchall()
    if unknown:
        listed = ", ".join(f"{skill_id} ({facts} facts, e.g. {example})"
                           for skill_id, facts, example in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise WarehouseError(
            f"skill facts name skills missing from the skills file and the warehouse: "
            f"{listed}{more}; load the skills.jsonl written by the same extract run"
        )
