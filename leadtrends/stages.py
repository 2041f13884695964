"""The four stages as plain functions over the data directory.

Each stage reads the previous stage's files and writes its own, so any stage can be
re-run alone (the CLI's ``crawl | extract | load | export``) and flows only compose
them. Nothing here imports Prefect.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadtrends.errors import LeadtrendsError
from leadtrends.jsonl import read_models, write_models
from leadtrends.model import Posting, SeenPosting
from leadtrends.paths import DataPaths

if TYPE_CHECKING:
    import polars as pl

    from leadtrends.sample_board.server import SampleBoardServer
    from leadtrends.sources import CrawlSettings, SourcesConfig
    from scrapers.runner import CrawlResult
    from warehouse.load import LoadResult

log = logging.getLogger(__name__)

Progress = Callable[[int], None]

SAMPLE_SEED = 2026
SAMPLE_ADVERTS = 1500


@dataclass(frozen=True)
class SourceSpec:
    """One source to crawl: which spider, with which arguments and politeness."""

    name: str
    spider: str
    spider_args: dict[str, str] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    incremental: bool = False
    timeout_seconds: float | None = None
    env: dict[str, str] = field(default_factory=dict)


# Loopback URLs get no politeness delay from scrapers.runner; real sites keep the defaults.
def sample_board_sources(server: SampleBoardServer, board_tokens: list[str]) -> list[SourceSpec]:
    """The sample board's two channels: its careers-site pages and its Greenhouse boards."""
    return [
        SourceSpec("sample-site", "jobposting", {"sitemap_url": server.sitemap_url}),
        SourceSpec("sample-greenhouse", "greenhouse",
                   {"boards": ",".join(board_tokens), "api_base": server.greenhouse_api_base}),
    ]


@contextmanager
def serve_sample_board(seed: int = SAMPLE_SEED,
                       adverts: int = SAMPLE_ADVERTS) -> Iterator[list[SourceSpec]]:
    """Generate the synthetic board, serve it on 127.0.0.1 and stop it afterwards."""
    from leadtrends.sample_board import SampleBoardServer, generate_board

    board = generate_board(seed=seed, n_adverts=adverts)
    with SampleBoardServer(board) as server:
        yield sample_board_sources(server, board.board_tokens)


def spec_for(source: Any, crawl: CrawlSettings) -> SourceSpec:
    """The crawl of one configured (non-sample) source."""
    env = {"LEADTRENDS_CONTACT": crawl.contact} if crawl.contact else {}
    return SourceSpec(source.name, source.spider, source.spider_args(),
                      source.politeness.settings(), incremental=source.incremental,
                      timeout_seconds=crawl.timeout_minutes * 60, env=env)


@contextmanager
def source_specs(config: SourcesConfig | None = None, seed: int = SAMPLE_SEED,
                 adverts: int = SAMPLE_ADVERTS) -> Iterator[list[SourceSpec]]:
    """What a run crawls: the enabled sources of ``config``, else the sample board.

    A ``sample-board`` source (the default) is served on 127.0.0.1 while the caller crawls.
    """
    from leadtrends.sources import SampleBoardSource

    if config is None:
        with serve_sample_board(seed, adverts) as specs:
            yield specs
        return
    enabled = config.enabled
    if not enabled:
        raise LeadtrendsError("no enabled source in the sources file")
    specs = [spec_for(s, config.crawl) for s in enabled if not isinstance(s, SampleBoardSource)]
    boards = [s for s in enabled if isinstance(s, SampleBoardSource)]
    with ExitStack() as stack:
        for board in boards:
            sample = stack.enter_context(serve_sample_board(board.seed, board.adverts))
            specs += [replace(spec, name=f"{board.name}-{spec.name.removeprefix('sample-')}")
                      for spec in sample]
        yield specs


def crawl_source(spec: SourceSpec, paths: DataPaths) -> CrawlResult:
    """Crawl one source into ``data/crawl/<source>.jsonl``.

    An incremental source asks its API only for what changed since the last crawl whose
    load committed (see :func:`commit_crawl_state`).
    """
    from scrapers.runner import run_spider

    paths.ensure()
    started = datetime.now(UTC).replace(microsecond=0)
    args = dict(spec.spider_args)
    if spec.incremental and (since := last_crawled(paths, spec.name)) is not None:
        args["since"] = since.isoformat()
    result = run_spider(
        spec.spider,
        source=spec.name,
        output=paths.crawl_output(spec.name),
        stats_path=paths.crawl_stats(spec.name),
        spider_args=args,
        settings=spec.settings,
        log_file=paths.crawl_dir / f"{spec.name}.log",
        timeout=spec.timeout_seconds,
        env=spec.env,
    )
    paths.crawl_pending_state(spec.name).write_text(
        json.dumps({"crawl_started_at": started.isoformat()}), encoding="utf-8")
    return result


def last_crawled(paths: DataPaths, source: str) -> datetime | None:
    state = paths.crawl_state(source)
    if not state.is_file():
        return None
    try:
        return datetime.fromisoformat(json.loads(state.read_text())["crawl_started_at"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable crawl state %s (%s): crawling everything", state, exc)
        return None


def commit_crawl_state(paths: DataPaths) -> list[str]:
    """After a committed load: the pending crawls become the "changed since" baseline."""
    committed = []
    for pending in sorted(paths.crawl_dir.glob("*.pending.json")):
        source = pending.name.removesuffix(".pending.json")
        pending.replace(paths.crawl_state(source))
        committed.append(source)
    return committed


@dataclass
class ExtractResult:
    postings_in: int
    postings_out: int
    target_postings: int
    skill_mentions: int
    skipped: dict[str, int]
    output: Path
    seen_unchanged: int = 0


def _crawled_postings(paths: DataPaths, skipped: Counter[str],
                      sources: list[str] | None) -> list[Posting]:
    if sources is None:
        files = sorted(paths.crawl_dir.glob("*.jsonl")) if paths.crawl_dir.exists() else []
    else:
        files = [paths.crawl_output(name) for name in sources
                 if paths.crawl_output(name).is_file()]
    if not files:
        raise LeadtrendsError(
            f"no crawl output in {paths.crawl_dir}: run `leadtrends crawl` first")
    by_key: dict[str, Posting] = {}
    for path in files:
        for posting in read_models(path, Posting, skipped):
            if posting.key in by_key:
                skipped["duplicate_key"] += 1
            by_key[posting.key] = posting
    return list(by_key.values())


def _already_extracted(paths: DataPaths) -> dict[str, tuple[str, str | None]]:
    """posting key -> (content hash, pipeline version) of what the warehouse holds."""
    if not paths.warehouse.exists():
        return {}
    from warehouse.connect import connect

    with connect(paths.warehouse, read_only=True) as con:
        rows = con.sql("SELECT posting_key, content_hash, pipeline_version FROM postings")
        return {key: (content, version) for key, content, version in rows.fetchall()}


def extract(paths: DataPaths, progress: Progress | None = None,
            sources: list[str] | None = None) -> ExtractResult:
    """Run the NLP pipeline over crawled postings; write postings and the taxonomy used.

    ``sources`` limits it to those sources' crawl files (default: every file). A posting the
    warehouse already holds with the same content, extracted by the same pipeline version,
    is not extracted again: it goes to ``seen.jsonl`` and the load only touches it.
    """
    from nlp.pipeline import PIPELINE_VERSION, extract_postings, load_pipeline
    from nlp.taxonomy import load_taxonomy

    skipped: Counter[str] = Counter()
    crawled = _crawled_postings(paths, skipped, sources)
    known = _already_extracted(paths)
    seen = [SeenPosting(posting_key=p.key, content_hash=p.content_hash) for p in crawled
            if known.get(p.key) == (p.content_hash, PIPELINE_VERSION)]
    seen_keys = {s.posting_key for s in seen}
    fresh = [p for p in crawled if p.key not in seen_keys]
    if progress is not None and seen:
        progress(len(seen))
    counts = Counter[str]()

    def extracted() -> Iterator[Posting]:
        for posting in extract_postings(fresh, load_pipeline()):
            counts["postings"] += 1
            counts["target"] += posting.is_target
            counts["mentions"] += len(posting.skills)
            if progress is not None:
                progress(1)
            yield posting

    paths.ensure()
    write_models(paths.extracted_postings, extracted())
    write_models(paths.seen_postings, seen)
    write_models(paths.skills_file, load_taxonomy())
    return ExtractResult(len(crawled), counts["postings"], counts["target"], counts["mentions"],
                         dict(skipped), paths.extracted_postings, seen_unchanged=len(seen))


def load(paths: DataPaths, run_id: str | None = None) -> LoadResult:
    """Load the extract stage's files; once committed, crawls since become the new baseline."""
    from warehouse.load import load as load_warehouse

    if not paths.extracted_postings.exists():
        raise LeadtrendsError(
            f"no extracted postings at {paths.extracted_postings}: run `leadtrends extract` first")
    result = load_warehouse(paths.warehouse, paths.extracted_postings, paths.skills_file,
                            run_id=run_id, seen_path=paths.seen_postings)
    commit_crawl_state(paths)
    return result


def require_warehouse(paths: DataPaths) -> Path:
    if not paths.warehouse.exists():
        raise LeadtrendsError(
            f"no warehouse at {paths.warehouse}: run `leadtrends run` (or `leadtrends load`) first")
    return paths.warehouse


def export(paths: DataPaths) -> list[Path]:
    """Every analysis as CSV and Parquet (each with a JSON sidecar) in data/exports/."""
    from warehouse.export import export_all

    return export_all(require_warehouse(paths), paths.exports_dir)


def report(paths: DataPaths) -> Path:
    """The HTML report of charts at data/exports/report.html, PNGs in report_files/ beside it."""
    from warehouse.report import generate_report

    return generate_report(require_warehouse(paths), paths.exports_dir / "report.html").html


def top_movers(paths: DataPaths, top: int = 5, direction: str = "rising") -> pl.DataFrame:
    from warehouse.connect import connect
    from warehouse.trends import rising_skills

    con = connect(require_warehouse(paths), read_only=True)
    try:
        return rising_skills(con, top=top, direction=direction)
    finally:
        con.close()
