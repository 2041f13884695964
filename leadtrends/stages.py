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
from datetime import UTC, date, datetime
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
    settings = {**crawl.source_settings(source.name), **source.politeness.settings()}
    return SourceSpec(source.name, source.spider, source.spider_args(),
                      settings, incremental=source.incremental,
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


def crawl_source(spec: SourceSpec, paths: DataPaths, full_recrawl: bool = False
                 ) -> CrawlResult:
    """Crawl one source into ``data/crawl/<source>.jsonl``.

    The file is replaced only when the crawl succeeds, so a failed or killed crawl leaves the
    previous one in place. An incremental source asks its API only for what changed since
    the last crawl whose load committed (see :func:`commit_crawl_state`), unless
    ``full_recrawl``.
    """
    from scrapers.runner import run_spider

    paths.ensure()
    started = datetime.now(UTC).replace(microsecond=0)
    args = dict(spec.spider_args)
    if (spec.incremental and not full_recrawl
            and (since := last_crawled(paths, spec.name)) is not None):
        args["since"] = since.isoformat()
    output = paths.crawl_output(spec.name)
    partial = output.with_name(output.name + ".part")
    partial.unlink(missing_ok=True)
    if spec.spider == FILE_SOURCE:
        return _import_source(spec, paths, output, partial)
    result = run_spider(
        spec.spider,
        source=spec.name,
        output=partial,
        stats_path=paths.crawl_stats(spec.name),
        spider_args=args,
        settings=spec.settings,
        log_file=paths.crawl_dir / f"{spec.name}.log",
        timeout=spec.timeout_seconds,
        env=spec.env,
    )
    partial.replace(output)
    paths.crawl_pending_state(spec.name).write_text(
        json.dumps({"crawl_started_at": started.isoformat()}), encoding="utf-8")
    return replace(result, output=output)


FILE_SOURCE = "file"


def _import_source(spec: SourceSpec, paths: DataPaths, output: Path, partial: Path
                   ) -> CrawlResult:
    """The "crawl" of a file source: its dump imported like ``leadtrends import`` does."""
    from leadtrends.importers import ImportFailed, import_file
    from scrapers.runner import CrawlResult

    try:
        imported = import_file(Path(spec.spider_args["path"]).expanduser(),
                               spec.spider_args["preset"], partial, source=spec.name)
    except ImportFailed as exc:
        raise LeadtrendsError(f"source {spec.name!r}: {exc}") from exc
    partial.replace(output)
    dropped = dict(imported.skipped)
    if imported.duplicates:
        dropped["duplicate_id"] = imported.duplicates
    return CrawlResult(source=spec.name, output=output, items_scraped=imported.postings_written,
                       dropped=dropped, elapsed_seconds=imported.elapsed_seconds)


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
    outputs: list[Path]
    seen_unchanged: int = 0
    batches: int = 0
    batches_reused: int = 0


@dataclass(frozen=True)
class ExtractBatch:
    """Up to ``EXTRACT_BATCH_SIZE`` postings of one source and the lake file they go to."""

    source: str
    index: int
    postings: list[Posting]
    output: Path


@dataclass(frozen=True)
class BatchResult:
    output: Path
    postings: int
    target: int
    mentions: int
    reused: bool = False


EXTRACT_BATCH_SIZE = 500


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


def run_lake_files(paths: DataPaths, run_id: str) -> list[Path]:
    """The extracted-postings files of run ``run_id`` in the lake."""
    return sorted(paths.lake_dir.glob(f"postings/source=*/date=*/{run_id}-*.parquet"))


def plan_extract(paths: DataPaths, run_id: str, day: date, sources: list[str] | None = None,
                 batch_size: int = EXTRACT_BATCH_SIZE
                 ) -> tuple[list[ExtractBatch], list[SeenPosting], int, Counter[str]]:
    """Split the crawled postings into batches (deterministic for the same crawl files and
    warehouse, so a resumed run finds the same batches) and the unchanged ones it skips.

    A posting the warehouse already holds with the same content, extracted by the same
    pipeline version, is not extracted again: it goes to ``seen`` and the load only
    touches it.
    """
    from leadtrends.lake import partition_dir
    from nlp.pipeline import PIPELINE_VERSION

    skipped: Counter[str] = Counter()
    crawled = _crawled_postings(paths, skipped, sources)
    known = _already_extracted(paths)
    seen = [SeenPosting(posting_key=p.key, content_hash=p.content_hash) for p in crawled
            if known.get(p.key) == (p.content_hash, PIPELINE_VERSION)]
    seen_keys = {s.posting_key for s in seen}
    by_source: dict[str, list[Posting]] = {}
    for posting in sorted(crawled, key=lambda p: p.key):
        if posting.key not in seen_keys:
            by_source.setdefault(posting.source, []).append(posting)
    batches = []
    for source, postings in sorted(by_source.items()):
        folder = partition_dir(paths.lake_dir, "postings", source, day)
        for index, start in enumerate(range(0, len(postings), batch_size)):
            batches.append(ExtractBatch(source, index, postings[start:start + batch_size],
                                        folder / f"{run_id}-{index:05d}.parquet"))
    return batches, seen, len(crawled), skipped


def extract_batch(batch: ExtractBatch) -> BatchResult:
    """Extract one batch into its lake file; a file already there is a finished batch."""
    from leadtrends.lake import read_models_parquet, write_models_parquet
    from nlp.pipeline import extract_postings, load_pipeline

    if batch.output.is_file():
        done = read_models_parquet([batch.output], Posting)
        if [p.key for p in done] == [p.key for p in batch.postings]:
            return _batch_result(batch.output, done, reused=True)
        log.warning("%s holds other postings than its batch (a different crawl): redoing it",
                    batch.output)
    extracted = list(extract_postings(batch.postings, load_pipeline()))
    write_models_parquet(batch.output, extracted, Posting)
    return _batch_result(batch.output, extracted)


def _batch_result(output: Path, postings: list[Posting], reused: bool = False) -> BatchResult:
    return BatchResult(output, len(postings), sum(p.is_target for p in postings),
                       sum(len(p.skills) for p in postings), reused)


MapBatches = Callable[[list[ExtractBatch]], list[BatchResult]]


def extract(paths: DataPaths, run_id: str, day: date, progress: Progress | None = None,
            sources: list[str] | None = None, batch_size: int = EXTRACT_BATCH_SIZE,
            map_batches: MapBatches | None = None) -> ExtractResult:
    """Run the NLP pipeline over crawled postings into the run's lake files; write the
    unchanged postings' list and the taxonomy snapshot the load needs.

    ``sources`` limits it to those sources' crawl files (default: every file).
    ``map_batches`` runs the batches (default: one after another in this process; the flow
    passes a Prefect task map, e.g. on Dask). Finished batches of a killed run are reused.
    """
    from nlp.taxonomy import load_taxonomy

    batches, seen, crawled, skipped = plan_extract(paths, run_id, day, sources, batch_size)
    stale = set(run_lake_files(paths, run_id)) - {b.output for b in batches}
    for path in stale:  # from an earlier crawl of this run: not part of what is loaded
        path.unlink()
    if progress is not None and seen:
        progress(len(seen))

    def serially(todo: list[ExtractBatch]) -> list[BatchResult]:
        results = []
        for batch in todo:
            results.append(extract_batch(batch))
            if progress is not None:
                progress(len(batch.postings))
        return results

    results = (map_batches or serially)(batches)
    paths.ensure()
    write_models(paths.seen_postings, seen)
    write_models(paths.skills_file, load_taxonomy())
    return ExtractResult(crawled, sum(r.postings for r in results),
                         sum(r.target for r in results), sum(r.mentions for r in results),
                         dict(skipped), [r.output for r in results], seen_unchanged=len(seen),
                         batches=len(results), batches_reused=sum(r.reused for r in results))


def load(paths: DataPaths, run_id: str, full_listing: list[str] | None = None
         ) -> LoadResult:
    """Load the run's lake files into the warehouse (run id = the run's); once committed,
    crawls since become the new baseline. A run the warehouse already holds (killed after
    its load committed) is not loaded twice: its recorded counts are returned.

    ``full_listing`` names the sources whose whole listing was crawled: only their adverts
    missing from the run count toward closing (default: every source in the run).
    """
    from warehouse.load import load as load_warehouse
    from warehouse.load import recorded_load

    if paths.warehouse.exists() and (done := recorded_load(paths.warehouse, run_id)):
        log.warning("run %s is already in the warehouse: not loading it again", run_id)
        commit_crawl_state(paths)
        return done
    files = run_lake_files(paths, run_id)
    if not files and not paths.seen_postings.exists():
        raise LeadtrendsError(
            f"nothing extracted for run {run_id} in {paths.lake_dir}: "
            f"run `leadtrends extract` first")
    result = load_warehouse(paths.warehouse, files, paths.skills_file, run_id=run_id,
                            seen_path=paths.seen_postings, full_listing=full_listing)
    commit_crawl_state(paths)
    return result


def run_by_source(paths: DataPaths, run_id: str) -> dict[str, dict[str, int]]:
    """Per source, the adverts the run's load stored new, changed and closed."""
    from warehouse.load import run_by_source as by_source

    return by_source(require_warehouse(paths), run_id)


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
