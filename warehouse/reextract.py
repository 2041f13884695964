"""``leadtrends reextract``: run the current NLP over stored advert text, replace old facts.

Every posting keeps its description, so history can be read again by a better pipeline.
Postings extracted by another pipeline version (or all, with ``everything``) are read in
batches from the published warehouse, extracted into a temporary JSON Lines file (memory
stays bounded), then applied in one transaction on a building copy that is published by
atomic rename (see ``warehouse.publish``): analysts see the old facts or the new ones,
never a mix. A posting whose content changed between the read and the write (a load ran
in between) is left to that load's extraction.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from leadtrends.jsonl import read_models, write_models
from leadtrends.model import Posting
from warehouse.connect import connect
from warehouse.errors import WarehouseError, first_line
from warehouse.frames import PostingFrames, posting_frames, skills_frame, taxonomy_version
from warehouse.load import replace_extraction_facts
from warehouse.publish import building_copy
from warehouse.sql_files import sql_text
from warehouse.trend_counts import refresh_trend_counts

log = logging.getLogger(__name__)

STATEMENTS = "statements"
READ_BATCH = 2000


@dataclass(frozen=True)
class ReextractResult:
    pipeline_version: str
    postings_stale: int
    postings_reextracted: int
    postings_changed_meanwhile: int
    skill_facts: int
    seconds: float


def stored_postings(con: duckdb.DuckDBPyConnection, pipeline_version: str | None
                    ) -> Iterator[Posting]:
    """Stored postings as models, all of them (None) or those not of ``pipeline_version``."""
    result = con.execute(sql_text(STATEMENTS, "read_stored_postings"),
                         {"pipeline_version": pipeline_version})
    columns = [d[0] for d in result.description]
    while rows := result.fetchmany(READ_BATCH):
        for row in rows:
            yield Posting.model_validate(dict(zip(columns, row, strict=True)))


def reextract(db_path: str | os.PathLike[str], everything: bool = False,
              progress: Callable[[int], None] | None = None) -> ReextractResult:
    """Re-run the current pipeline over stored postings of older pipeline versions."""
    from nlp.pipeline import PIPELINE_VERSION, extract_postings, load_pipeline
    from nlp.taxonomy import load_taxonomy

    started = time.perf_counter()
    published = Path(db_path)
    if not published.is_file():
        raise WarehouseError(f"no warehouse at {published}: run `leadtrends run` first")
    with tempfile.TemporaryDirectory(prefix="leadtrends-reextract-") as tmp:
        extracted = Path(tmp) / "postings.jsonl"
        with connect(published, read_only=True) as con:
            stale = stored_postings(con, None if everything else PIPELINE_VERSION)
            counted = _counting(stale, progress)
            write_models(extracted, extract_postings(counted, load_pipeline()))
        skipped: Counter[str] = Counter()
        frames = posting_frames(read_models(extracted, Posting, skipped), skipped)
        skills = skills_frame(load_taxonomy(), skipped)
    if frames.postings.is_empty():
        return ReextractResult(PIPELINE_VERSION, 0, 0, 0, 0, time.perf_counter() - started)
    with building_copy(published) as building, connect(building) as con:
        applied, facts = _apply(con, frames, skills)
    result = ReextractResult(
        pipeline_version=PIPELINE_VERSION, postings_stale=frames.postings.height,
        postings_reextracted=applied, postings_changed_meanwhile=frames.postings.height - applied,
        skill_facts=facts, seconds=time.perf_counter() - started)
    log.info("reextract: %s", result)
    return result


def _counting(postings: Iterator[Posting], progress: Callable[[int], None] | None
              ) -> Iterator[Posting]:
    for posting in postings:
        if progress is not None:
            progress(1)
        yield posting


def _apply(con: duckdb.DuckDBPyConnection, frames: PostingFrames,
           skills: pl.DataFrame) -> tuple[int, int]:
    con.begin()
    try:
        # only postings whose stored content is still the text that was re-read
        current = con.sql("SELECT posting_key, content_hash FROM postings").pl()
        keep = frames.postings.join(current, on=["posting_key", "content_hash"], how="semi")
        keys = keep.select("posting_key")
        incoming = {
            "incoming_postings": keep,
            "incoming_skill_facts": frames.skill_facts.join(keys, on="posting_key", how="semi"),
            "incoming_requirements": frames.requirements.join(keys, on="posting_key",
                                                              how="semi"),
            "incoming_experience": frames.experience.join(keys, on="posting_key", how="semi"),
            "incoming_skills": skills,
        }
        for name, frame in incoming.items():
            con.register(name, frame)
        con.execute(sql_text(STATEMENTS, "upsert_skills"),
                    {"taxonomy_version": taxonomy_version(skills)})
        con.execute(sql_text(STATEMENTS, "update_extraction"))
        replace_extraction_facts(con)
        refresh_trend_counts(con)  # families and skills may have changed the trend counts
        facts = incoming["incoming_skill_facts"].height
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise WarehouseError(f"reextract failed and was rolled back: {first_line(exc)}") from exc
    except BaseException:
        con.rollback()
        raise
    return keep.height, facts

