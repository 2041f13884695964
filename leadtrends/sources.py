"""``sources.toml``: which sources a run crawls, with their boards, filters and politeness.

Validated with pydantic; a mistake is one line naming the source and the key. Without a
file, a run crawls the synthetic sample board. Each entry becomes a
:class:`leadtrends.stages.SourceSpec` (spider, spider arguments, Scrapy settings).

    [crawl]
    contact = "you@example.org"          # goes into the User-Agent
    frontier = "redis://10.0.0.5:6379/0"  # optional: share the crawl between processes

    [[source]]
    name = "greenhouse-boards"
    type = "greenhouse"
    boards = ["acme", "globex"]

See ``examples/sources.toml`` for every type.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from leadtrends.errors import LeadtrendsError


class SourcesError(LeadtrendsError):
    """sources.toml is missing, not TOML, or not valid."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Politeness(_Strict):
    """Per-source overrides of the polite defaults in scrapers/settings.py."""

    download_delay: float | None = Field(default=None, ge=0)
    concurrent_requests_per_domain: int | None = Field(default=None, ge=1, le=32)
    autothrottle_target_concurrency: float | None = Field(default=None, gt=0)
    retry_times: int | None = Field(default=None, ge=0, le=10)

    def settings(self) -> dict[str, object]:
        values = {"DOWNLOAD_DELAY": self.download_delay,
                  "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrent_requests_per_domain,
                  "AUTOTHROTTLE_TARGET_CONCURRENCY": self.autothrottle_target_concurrency,
                  "RETRY_TIMES": self.retry_times}
        return {k: v for k, v in values.items() if v is not None}


class _Source(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)
    enabled: bool = True
    api_base: str | None = Field(default=None, description="override the service's base URL")
    politeness: Politeness = Politeness()

    page_size: int | None = Field(default=None, ge=1, description="records per API request")
    max_pages: int | None = Field(default=None, ge=1, description="cap on requests per board")

    spider: ClassVar[str] = ""  # set by each type
    # Spiders that can ask their API for "changed since" get the last successful crawl time.
    incremental: ClassVar[bool] = False
    # The spider's name for page_size; None where the API does not page.
    page_size_arg: ClassVar[str | None] = None
    pages: ClassVar[bool] = False

    def spider_args(self) -> dict[str, str]:
        args = self._args()
        if self.api_base:
            args["api_base"] = self.api_base
        if self.page_size is not None:
            if self.page_size_arg is None:
                raise ValueError(f"page_size: {self.type} does not page")  # type: ignore[attr-defined]
            args[self.page_size_arg] = str(self.page_size)
        if self.max_pages is not None:
            if not (self.pages or self.page_size_arg):
                raise ValueError(f"max_pages: {self.type} does not page")  # type: ignore[attr-defined]
            args["max_pages"] = str(self.max_pages)
        return {k: v for k, v in args.items() if v not in (None, "")}

    def _args(self) -> dict[str, str]:
        return {}


def _csv(values: list[str] | list[int]) -> str:
    return ",".join(str(v) for v in values)


class SampleBoardSource(_Source):
    type: Literal["sample-board"]
    seed: int = 2026
    adverts: int = Field(default=1500, ge=10)


class JsonLdSource(_Source):
    """Any careers site publishing schema.org JobPosting (JSON-LD or microdata)."""

    type: Literal["jsonld"]
    spider: ClassVar[str] = "jobposting"
    sitemap_urls: list[str] = Field(default_factory=list)
    robots_urls: list[str] = Field(default_factory=list)
    start_urls: list[str] = Field(default_factory=list)
    job_url_pattern: str | None = None

    def _args(self) -> dict[str, str]:
        if not (self.sitemap_urls or self.robots_urls or self.start_urls):
            raise ValueError("needs sitemap_urls, robots_urls or start_urls")
        return {"sitemap_url": _csv(self.sitemap_urls), "robots_url": _csv(self.robots_urls),
                "start_url": _csv(self.start_urls), "job_url_pattern": self.job_url_pattern or ""}


class _BoardsSource(_Source):
    boards: list[str] = Field(min_length=1)

    def _args(self) -> dict[str, str]:
        return {"boards": _csv(self.boards)}


class GreenhouseSource(_BoardsSource):
    type: Literal["greenhouse"]
    spider: ClassVar[str] = "greenhouse"


class LeverSource(_BoardsSource):
    type: Literal["lever"]
    spider: ClassVar[str] = "lever"
    page_size_arg: ClassVar[str | None] = "page_size"
    host: Literal["global", "eu"] = "global"

    def _args(self) -> dict[str, str]:
        return {**super()._args(), "host": self.host}


class AshbySource(_BoardsSource):
    type: Literal["ashby"]
    spider: ClassVar[str] = "ashby"


class SmartRecruitersSource(_BoardsSource):
    type: Literal["smartrecruiters"]
    spider: ClassVar[str] = "smartrecruiters"
    page_size_arg: ClassVar[str | None] = "page_size"
    incremental: ClassVar[bool] = True  # postings not re-released since skip the detail fetch


class WorkableSource(_BoardsSource):
    type: Literal["workable"]
    spider: ClassVar[str] = "workable"


class NycOpenDataSource(_Source):
    type: Literal["nyc-open-data"]
    spider: ClassVar[str] = "nyc_jobs"
    page_size_arg: ClassVar[str | None] = "page_size"
    incremental: ClassVar[bool] = True


class UsaJobsSource(_Source):
    """Needs LEADTRENDS_USAJOBS_KEY and LEADTRENDS_USAJOBS_EMAIL in the environment."""

    type: Literal["usajobs"]
    spider: ClassVar[str] = "usajobs"
    page_size_arg: ClassVar[str | None] = "results_per_page"
    incremental: ClassVar[bool] = True
    series: list[str] = Field(default_factory=lambda: ["2210"], min_length=1,
                              description="occupational series (JobCategoryCode)")
    keyword: str | None = None

    def _args(self) -> dict[str, str]:
        # The Search API takes several codes separated by semicolons.
        return {"series": ";".join(self.series), "keyword": self.keyword or ""}


class HackerNewsSource(_Source):
    type: Literal["hn-hiring"]
    spider: ClassVar[str] = "hn_hiring"
    page_size_arg: ClassVar[str | None] = "hits_per_page"
    incremental: ClassVar[bool] = True
    story_ids: list[int] = Field(default_factory=list, description="default: the latest thread")

    def _args(self) -> dict[str, str]:
        return {"story_ids": _csv(self.story_ids)}


class RemoteOkSource(_Source):
    """One public feed; Remote OK's terms require linking back and naming it as the source."""

    type: Literal["remoteok"]
    spider: ClassVar[str] = "remoteok"


class ArbeitnowSource(_Source):
    type: Literal["arbeitnow"]
    spider: ClassVar[str] = "arbeitnow"
    pages: ClassVar[bool] = True


class TheMuseSource(_Source):
    type: Literal["themuse"]
    spider: ClassVar[str] = "themuse"
    pages: ClassVar[bool] = True
    categories: list[str] = Field(default_factory=list)
    levels: list[str] = Field(default_factory=list)

    def _args(self) -> dict[str, str]:
        return {"categories": _csv(self.categories), "levels": _csv(self.levels)}


class FileSource(_Source):
    """A dump of adverts (the ``leadtrends import`` presets) read again on every run."""

    type: Literal["file"]
    spider: ClassVar[str] = "file"  # no spider: the importer reads the file
    path: str = Field(min_length=1, description="the dump: .jsonl, .csv or .xlsx")
    preset: Literal["jsonl", "csv", "nyc-open-data"] = "jsonl"

    def _args(self) -> dict[str, str]:
        return {"path": self.path, "preset": self.preset}


AnySource = Annotated[
    SampleBoardSource | JsonLdSource | GreenhouseSource | LeverSource | AshbySource
    | SmartRecruitersSource | WorkableSource | NycOpenDataSource | UsaJobsSource
    | HackerNewsSource | RemoteOkSource | ArbeitnowSource | TheMuseSource | FileSource,
    Field(discriminator="type"),
]
SOURCE_TYPES: tuple[str, ...] = tuple(
    model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    for model in AnySource.__origin__.__args__)  # type: ignore[attr-defined]


class CrawlSettings(_Strict):
    contact: str | None = Field(default=None, description="email or URL for site owners")
    timeout_minutes: float = Field(default=60, gt=0, description="per source")
    frontier: str | None = Field(
        default=None, description="redis:// URL of a crawl frontier shared by several crawl "
        "processes (scrapy-redis); see docs/SCALING.md")

    @field_validator("frontier")
    @classmethod
    def _frontier_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from scrapers.frontier import check_frontier_url

        try:
            return check_frontier_url(value)
        except ValueError as exc:
            # The reason alone, without pydantic's "Value error, " prefix.
            raise PydanticCustomError("frontier_url", "{reason}", {"reason": str(exc)}) from None

    def source_settings(self, source: str) -> dict[str, object]:
        """Scrapy settings from ``[crawl]`` for the crawl of ``source`` (its shared frontier);
        the source's own politeness settings go on top."""
        if self.frontier is None:
            return {}
        from scrapers.frontier import frontier_settings

        return frontier_settings(self.frontier, source)


class SourcesConfig(_Strict):
    crawl: CrawlSettings = CrawlSettings()
    source: list[AnySource] = Field(default_factory=list)

    @property
    def enabled(self) -> list[Any]:
        return [s for s in self.source if s.enabled]


_ADAPTER = TypeAdapter(SourcesConfig)


def _where(config: dict[str, Any], loc: tuple[Any, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "source" and isinstance(loc[1], int):
        entries = config.get("source") or []
        entry = entries[loc[1]] if loc[1] < len(entries) else {}
        label = entry.get("name") if isinstance(entry, dict) else None
        rest = [str(p) for p in loc[2:] if not str(p) in SOURCE_TYPES]
        head = f"source #{loc[1] + 1}" + (f" ({label!r})" if label else "")
        return ".".join([head, *rest]) if rest else head
    return ".".join(str(p) for p in loc)


def parse_sources(text: str, origin: str = "sources.toml") -> SourcesConfig:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: not valid TOML: {exc}") from None
    try:
        config = _ADAPTER.validate_python(raw)
    except ValidationError as exc:
        # An unknown key usually explains the missing one next to it (a typo): report it first.
        first = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        problem = {"extra_forbidden": "unknown key", "missing": "missing key"}.get(
            first["type"], first["msg"])
        if first["type"] == "union_tag_invalid":
            problem = f"unknown type; expected one of {', '.join(SOURCE_TYPES)}"
        raise SourcesError(f"{origin}: {_where(raw, tuple(first['loc']))}: {problem}") from None
    names = [s.name for s in config.source]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SourcesError(f"{origin}: source name used twice: {', '.join(duplicates)}")
    for index, source in enumerate(config.source):
        try:
            source.spider_args()
        except ValueError as exc:
            raise SourcesError(f"{origin}: source #{index + 1} ({source.name!r}): {exc}") from None
    return config


def load_sources(path: Path) -> SourcesConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"cannot read sources file {path}: {exc.strerror or exc}") from None
    return parse_sources(text, origin=str(path))
