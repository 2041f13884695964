"""Turn stage-file models into the Polars frames the load inserts in bulk.

Schemas are spelled out so an empty input, or a column that is NULL in every row, still
gets the column type the tables expect instead of Polars' guess.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from leadtrends.model import Posting, Skill
from warehouse.urls import canonical_url

log = logging.getLogger(__name__)

POSTINGS_SCHEMA: dict[str, pl.DataType] = {
    "posting_key": pl.String(),
    "source": pl.String(),
    "source_id": pl.String(),
    "url": pl.String(),
    "title": pl.String(),
    "company": pl.String(),
    "location_raw": pl.String(),
    "country": pl.String(),
    "remote": pl.Boolean(),
    "employment_type": pl.String(),
    "date_posted_raw": pl.String(),
    "date_posted": pl.Date(),
    "valid_through_raw": pl.String(),
    "valid_through": pl.Date(),
    "salary_raw": pl.String(),
    "salary_min": pl.Float64(),
    "salary_max": pl.Float64(),
    "salary_currency": pl.String(),
    "salary_period": pl.String(),
    "description": pl.String(),
    "content_hash": pl.String(),
    "role_family": pl.String(),
    "seniority": pl.String(),
    "is_target": pl.Boolean(),
    "min_years_experience": pl.Float64(),
    "pipeline_version": pl.String(),
    "scraped_at": pl.Datetime("us"),
    "department": pl.String(),
    "occupational_category": pl.String(),
    "experience_requirements_raw": pl.String(),
    "education_requirements_raw": pl.String(),
    "likely_target": pl.Boolean(),
    "canonical_url": pl.String(),
}

SKILL_FACTS_SCHEMA: dict[str, pl.DataType] = {
    "posting_key": pl.String(),
    "skill_id": pl.String(),
    "start_char": pl.Int64(),
    "end_char": pl.Int64(),
    "matched_text": pl.String(),
    "section": pl.String(),
    "pipeline_version": pl.String(),
    "label": pl.String(),
    "requirement": pl.String(),
    "extractor": pl.String(),
    "sentence_start": pl.Int64(),
    "sentence_end": pl.Int64(),
}

REQUIREMENTS_SCHEMA: dict[str, pl.DataType] = {
    "posting_key": pl.String(),
    "soc_code": pl.String(),
    "max_years_experience": pl.Float64(),
    "leadership_years": pl.Float64(),
    "min_degree": pl.String(),
    "fields_of_study": pl.List(pl.String()),
    "certifications": pl.List(pl.String()),
    "team_size": pl.Int64(),
    "direct_reports": pl.Int64(),
    "budget_amount": pl.Float64(),
    "budget_currency": pl.String(),
    "reports_to": pl.String(),
    "work_arrangement": pl.String(),
    "salary_text_min": pl.Float64(),
    "salary_text_max": pl.Float64(),
    "salary_text_currency": pl.String(),
    "salary_text_period": pl.String(),
    "salary_text_annual": pl.Float64(),
    "pipeline_version": pl.String(),
}

EXPERIENCE_SCHEMA: dict[str, pl.DataType] = {
    "posting_key": pl.String(),
    "start_char": pl.Int64(),
    "end_char": pl.Int64(),
    "matched_text": pl.String(),
    "years": pl.Float64(),
    "requirement": pl.String(),
    "pipeline_version": pl.String(),
}

SKILLS_SCHEMA: dict[str, pl.DataType] = {
    "skill_id": pl.String(),
    "name": pl.String(),
    "category": pl.String(),
    "aliases": pl.List(pl.String()),
    "esco_uri": pl.String(),
    "onet_commodity_code": pl.String(),
}

# Copied straight from the model; the other posting columns are derived below.
_POSTING_FIELDS = [name for name in POSTINGS_SCHEMA if name not in {
    "posting_key", "content_hash", "is_target", "scraped_at", "canonical_url"}]
# Copied straight from the model into posting_requirements (the salary columns are not).
_REQUIREMENT_FIELDS = [name for name in REQUIREMENTS_SCHEMA
                       if name != "posting_key" and not name.startswith("salary_text_")]


@dataclass(frozen=True)
class PostingFrames:
    """What a postings file becomes: one frame per table the load writes."""

    postings: pl.DataFrame
    skill_facts: pl.DataFrame
    requirements: pl.DataFrame
    experience: pl.DataFrame


def utc_naive(moment: datetime) -> datetime:
    """The warehouse stores UTC as plain TIMESTAMP (see migrations/0001_init.sql)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _posting_row(posting: Posting) -> dict[str, Any]:
    row = {name: getattr(posting, name) for name in _POSTING_FIELDS}
    row["posting_key"] = posting.key
    row["content_hash"] = posting.content_hash
    row["is_target"] = posting.is_target
    row["scraped_at"] = utc_naive(posting.scraped_at)
    row["canonical_url"] = canonical_url(posting.url)
    return row


def _requirement_row(posting: Posting) -> dict[str, Any]:
    row = {name: getattr(posting, name) for name in _REQUIREMENT_FIELDS}
    row["posting_key"] = posting.key
    salary = posting.salary_from_text
    row.update({"salary_text_min": salary and salary.salary_min,
                "salary_text_max": salary and salary.salary_max,
                "salary_text_currency": salary and salary.currency,
                "salary_text_period": salary and salary.period,
                "salary_text_annual": salary and salary.annual})
    return row


def _experience_rows(posting: Posting) -> list[dict[str, Any]]:
    return [{"posting_key": posting.key, "start_char": mention.start_char,
             "end_char": mention.end_char, "matched_text": mention.text, "years": mention.years,
             "requirement": mention.requirement, "pipeline_version": posting.pipeline_version}
            for mention in posting.experience]


def _fact_rows(posting: Posting) -> list[dict[str, Any]]:
    return [
        {"posting_key": posting.key, "skill_id": mention.skill_id,
         "start_char": mention.start_char, "end_char": mention.end_char,
         "matched_text": mention.text, "section": mention.section,
         "pipeline_version": posting.pipeline_version, "label": mention.label,
         "requirement": mention.requirement, "extractor": mention.extractor,
         "sentence_start": mention.sentence_start, "sentence_end": mention.sentence_end}
        for mention in posting.skills
    ]


def posting_frames(postings: Iterable[Posting], skipped: Counter[str]) -> PostingFrames:
    """Frames of postings (one row per key), their skill facts, requirements and experience.

    A key seen twice in one file is a crawler or merge slip; the later record wins (it is
    the more recent write) and the earlier one is counted as ``duplicate_posting``.
    """
    latest: dict[str, Posting] = {}
    for posting in postings:
        if posting.key in latest:
            skipped["duplicate_posting"] += 1
            log.warning("posting %s appears more than once; keeping the last record",
                        posting.key)
        latest[posting.key] = posting
    kept = list(latest.values())
    return PostingFrames(
        postings=pl.from_dicts([_posting_row(p) for p in kept], schema=POSTINGS_SCHEMA),
        skill_facts=pl.from_dicts([f for p in kept for f in _fact_rows(p)],
                                  schema=SKILL_FACTS_SCHEMA),
        requirements=pl.from_dicts([_requirement_row(p) for p in kept],
                                   schema=REQUIREMENTS_SCHEMA),
        experience=pl.from_dicts([e for p in kept for e in _experience_rows(p)],
                                 schema=EXPERIENCE_SCHEMA),
    )


def skills_frame(skills: Iterable[Skill], skipped: Counter[str]) -> pl.DataFrame:
    """One row per skill id; a repeated id keeps the last entry and is counted."""
    rows: dict[str, dict[str, Any]] = {}
    for skill in skills:
        if skill.skill_id in rows:
            skipped["duplicate_skill"] += 1
            log.warning("skill %s appears more than once; keeping the last entry",
                        skill.skill_id)
        rows[skill.skill_id] = {"skill_id": skill.skill_id, "name": skill.name,
                                "category": skill.category, "aliases": list(skill.aliases),
                                "esco_uri": skill.esco_uri,
                                "onet_commodity_code": skill.onet_commodity_code}
    return pl.from_dicts(list(rows.values()), schema=SKILLS_SCHEMA)


def taxonomy_version(skills: pl.DataFrame) -> str:
    """Content hash of a taxonomy snapshot: equal snapshots get equal versions."""
    canonical = [
        [row["skill_id"], row["name"], row["category"], sorted(row["aliases"] or [])]
        for row in skills.sort("skill_id").iter_rows(named=True)
    ]
    payload = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
