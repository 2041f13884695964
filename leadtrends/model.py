"""The one posting model that travels through every stage.

Crawl fills the source fields (raw and normalised pairs, so every normalisation is
auditable against what the source said); extract fills the extraction fields; load
reads both. Crawls write JSON Lines of this model; the extract stage hands it to the load as
Parquet (leadtrends.lake).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

RoleFamily = Literal[
    "technology_management",
    "technical_operations_management",
    "other_management",
    "individual_contributor",
]
Seniority = Literal["individual", "lead", "manager", "director", "executive"]
SkillCategory = Literal["technical", "leadership", "business", "soft", "certification"]
SalaryPeriod = Literal["hour", "day", "week", "month", "year"]
SkillLabel = Literal["SKILL", "KNOWLEDGE"]
Requirement = Literal["required", "preferred"]
Extractor = Literal["taxonomy", "model"]
Degree = Literal["none", "high_school", "associate", "bachelor", "master", "doctorate"]
WorkArrangement = Literal["remote", "hybrid", "on_site"]

ROLE_FAMILIES: tuple[str, ...] = RoleFamily.__args__  # type: ignore[attr-defined]
SENIORITIES: tuple[str, ...] = Seniority.__args__  # type: ignore[attr-defined]
SKILL_CATEGORIES: tuple[str, ...] = SkillCategory.__args__  # type: ignore[attr-defined]
TARGET_FAMILIES: tuple[str, ...] = ("technology_management", "technical_operations_management")
DEGREES: tuple[str, ...] = Degree.__args__  # type: ignore[attr-defined]
WORK_ARRANGEMENTS: tuple[str, ...] = WorkArrangement.__args__  # type: ignore[attr-defined]


class SkillMention(BaseModel):
    """One taxonomy skill found in a posting, with where it was found."""

    model_config = ConfigDict(extra="forbid")

    skill_id: str
    text: str = Field(description="the matched text as written in the advert")
    start_char: int = Field(ge=0)
    end_char: int = Field(ge=0)
    section: str | None = Field(default=None, description="advert section heading, if known")
    label: SkillLabel | None = Field(default=None, description="SkillSpan layer of the span")
    requirement: Requirement | None = Field(
        default=None, description="required or preferred, from the section and cue words")
    extractor: Extractor | None = Field(
        default=None, description="taxonomy matcher or trained span model")
    sentence_start: int | None = Field(default=None, ge=0,
                                       description="offset where the mention's sentence starts")
    sentence_end: int | None = Field(default=None, ge=0,
                                     description="offset where the mention's sentence ends")


class ExperienceMention(BaseModel):
    """A stated duration of experience, with where it was found (auditable evidence)."""

    model_config = ConfigDict(extra="forbid")

    years: float = Field(ge=0)
    text: str
    start_char: int = Field(ge=0)
    end_char: int = Field(ge=0)
    requirement: Requirement | None = None


class SalaryFromText(BaseModel):
    """Pay read from the advert text when the source gave no structured salary."""

    model_config = ConfigDict(extra="forbid")

    salary_min: float | None = None
    salary_max: float | None = None
    currency: str | None = None
    period: SalaryPeriod | None = None
    annual: float | None = Field(default=None, description="midpoint times periods per year")


class Posting(BaseModel):
    """A job advert. Only the identity fields, title and description are required."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    # identity and provenance
    source: str = Field(min_length=1, description="connector name, e.g. 'sample-jsonld'")
    source_id: str = Field(min_length=1, description="the source's own id for the advert")
    url: str = Field(min_length=1)
    scraped_at: datetime

    # what the advert says
    title: str = Field(min_length=1)
    company: str | None = None
    location_raw: str | None = None
    country: str | None = None
    employment_type: str | None = None
    remote: bool | None = None
    date_posted_raw: str | None = None
    date_posted: date | None = None
    valid_through_raw: str | None = None
    valid_through: date | None = None
    salary_raw: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: SalaryPeriod | None = None
    description_html: str | None = None
    description: str = Field(min_length=1, description="plain text, one line per heading/bullet")
    department: str | None = Field(default=None, description="team/department/category label")
    occupational_category: str | None = Field(
        default=None, description="the source's occupation code or label (e.g. O*NET-SOC, ISCO)")
    experience_requirements_raw: str | None = Field(
        default=None, description="the source's structured experience requirement, as given")
    education_requirements_raw: str | None = Field(
        default=None, description="the source's structured education requirement, as given")
    likely_target: bool | None = Field(
        default=None, description="crawl-time title prefilter: looks like a tech-leadership advert")

    # filled by the extract stage
    role_family: RoleFamily | None = None
    seniority: Seniority | None = None
    min_years_experience: float | None = None
    skills: list[SkillMention] = Field(default_factory=list)
    pipeline_version: str | None = None
    soc_code: str | None = Field(default=None, description="O*NET-SOC 2019 code of the title")
    max_years_experience: float | None = None
    leadership_years: float | None = Field(
        default=None, description="years of supervisory/managerial experience required")
    experience: list[ExperienceMention] = Field(default_factory=list)
    min_degree: Degree | None = None
    fields_of_study: list[str] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    team_size: int | None = None
    direct_reports: int | None = None
    budget_amount: float | None = None
    budget_currency: str | None = None
    reports_to: str | None = None
    work_arrangement: WorkArrangement | None = None
    salary_from_text: SalaryFromText | None = None

    @field_validator("title", "description")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("scraped_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @property
    def key(self) -> str:
        """Stable identity across runs: the source plus the source's own id."""
        return f"{self.source}:{self.source_id}"

    @property
    def content_hash(self) -> str:
        """Hash of what the advert says, so an unchanged re-crawl can be recognised."""
        parts = [self.title, self.company or "", self.location_raw or "", self.description,
                 self.date_posted_raw or "", self.salary_raw or ""]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]

    @property
    def is_target(self) -> bool:
        """A tech-leadership advert (what the trend views study)."""
        return self.role_family in TARGET_FAMILIES


class Skill(BaseModel):
    """A taxonomy entry, as the extract stage hands it to the warehouse."""

    model_config = ConfigDict(extra="forbid")

    skill_id: str
    name: str
    category: SkillCategory
    aliases: list[str] = Field(default_factory=list)
    esco_uri: str | None = Field(default=None, description="ESCO skill concept URI")
    onet_commodity_code: str | None = Field(
        default=None, description="UNSPSC code O*NET's Technology Skills lists it under")


class SeenPosting(BaseModel):
    """An advert crawled again with unchanged content: the extract stage skips it and the
    load only moves its last-seen time on."""

    model_config = ConfigDict(extra="forbid")

    posting_key: str
    content_hash: str
