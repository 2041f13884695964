"""The four stages as plain functions over the data directory.

Each stage reads the previous stage's files and writes its own, so any stage can be
re-run alone (the CLI's ``crawl | extract | load | export``) and flows only compose
them. Nothing here imports Prefect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from leadtrends.errors import LeadtrendsError
from leadtrends.jsonl import read_models, write_models
from leadtrends.model import Posting
from leadtrends.paths import DataPaths

if TYPE_CHECKING:
    import polars as pl

    from leadtrends.sample_board.server import SampleBoardServer
    from scrapers.runner import CrawlResult
    from warehouse.load import LoadResult

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


def crawl_source(spec: SourceSpec, paths: DataPaths) -> CrawlResult:
    from scrapers.runner import run_spider

    paths.ensure()
    return run_spider(
        spec.spider,
        source=spec.name,
        output=paths.crawl_output(spec.name),
        stats_path=paths.crawl_stats(spec.name),
        spider_args=spec.spider_args,
        settings=spec.settings,
        log_file=paths.crawl_dir / f"{spec.name}.log",
    )


def crawl_sample_board(paths: DataPaths, seed: int = SAMPLE_SEED,
                       adverts: int = SAMPLE_ADVERTS) -> list[CrawlResult]:
    with serve_sample_board(seed, adverts) as sources:
        return [crawl_source(spec, paths) for spec in sources]


@dataclass
class ExtractResult:
    postings_in: int
    postings_out: int
    target_postings: int
    skill_mentions: int
    skipped: dict[str, int]
    output: Path


def _crawled_postings(paths: DataPaths, skipped: Counter[str]) -> list[Posting]:
    files = sorted(paths.crawl_dir.glob("*.jsonl")) if paths.crawl_dir.exists() else []
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


def extract(paths: DataPaths, progress: Progress | None = None) -> ExtractResult:
    """Run the NLP pipeline over every crawled posting; write postings and the taxonomy used."""
    from nlp.pipeline import extract_postings, load_pipeline
    from nlp.taxonomy import load_taxonomy

    skipped: Counter[str] = Counter()
    postings = _crawled_postings(paths, skipped)
    counts = Counter[str]()

    def extracted() -> Iterator[Posting]:
        for posting in extract_postings(postings, load_pipeline()):
            counts["postings"] += 1
            counts["target"] += posting.is_target
            counts["mentions"] += len(posting.skills)
            if progress is not None:
                progress(1)
            yield posting

    paths.ensure()
    write_models(paths.extracted_postings, extracted())
    write_models(paths.skills_file, load_taxonomy())
    return ExtractResult(len(postings), counts["postings"], counts["target"], counts["mentions"],
                         dict(skipped), paths.extracted_postings)


def load(paths: DataPaths, run_id: str | None = None) -> LoadResult:
    from warehouse.load import load as load_warehouse

    if not paths.extracted_postings.exists():
        raise LeadtrendsError(
            f"no extracted postings at {paths.extracted_postings}: run `leadtrends extract` first")
    return load_warehouse(paths.warehouse, paths.extracted_postings, paths.skills_file,
                          run_id=run_id)


def require_warehouse(paths: DataPaths) -> Path:
    if not paths.warehouse.exists():
        raise LeadtrendsError(
            f"no warehouse at {paths.warehouse}: run `leadtrends run` (or `leadtrends load`) first")
    return paths.warehouse


def export(paths: DataPaths) -> list[Path]:
    from warehouse.export import export_trends

    return export_trends(require_warehouse(paths), paths.exports_dir)


def top_movers(paths: DataPaths, top: int = 5, direction: str = "rising") -> pl.DataFrame:
    from warehouse.connect import connect
    from warehouse.trends import rising_skills

    con = connect(require_warehouse(paths), read_only=True)
    try:
        return rising_skills(con, top=top, direction=direction)
    finally:
        con.close()
