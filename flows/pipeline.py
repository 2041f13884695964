"""Prefect flows: the daily pipeline crawl -> extract -> load -> export.

Flows only compose the stages in ``leadtrends.stages``; one task per stage or per
source, never per posting. Tasks retry only on transient I/O errors. Settings are
read when a run starts (``data_dir`` is a parameter, resolved inside the flow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadtrends.prefect_env import configure_prefect_env

configure_prefect_env()

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from leadtrends import stages
from leadtrends.errors import LeadtrendsError
from leadtrends.paths import DataPaths
from leadtrends.sources import load_sources

DAILY_CRON = "0 6 * * *"


def transient_io_only(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a failed task only when it failed on I/O that may succeed next time."""
    exc = state.result(raise_on_failure=False)
    if isinstance(exc, OSError):
        return True
    # DuckDB raises IOException when another process holds the file lock.
    return type(exc).__name__ == "IOException"


# Stages have side effects on the data directory: never skip one on a cached result.
stage: dict[str, Any] = {"cache_policy": NO_CACHE}
io_retries: dict[str, Any] = {
    **stage, "retries": 2, "retry_delay_seconds": 3, "retry_condition_fn": transient_io_only,
}


@dataclass
class SourceSummary:
    source: str
    items: int
    dropped: dict[str, int]
    pages_skipped: dict[str, int]
    seconds: float
    error: str | None = None
    repaired: dict[str, int] = field(default_factory=dict)


@dataclass
class RunSummary:
    data_dir: str
    warehouse: str
    run_id: str
    sources: list[SourceSummary]
    extracted: int
    seen_unchanged: int
    target_postings: int
    postings_new: int
    postings_changed: int
    postings_unchanged: int
    skill_facts: int
    exports: list[str]
    report: str = ""
    postings_closed: int = 0
    duplicates: int = 0
    rising: list[dict[str, Any]] = field(default_factory=list)
    falling: list[dict[str, Any]] = field(default_factory=list)


@task(name="crawl-source", **io_retries)
def crawl_source_task(spec: stages.SourceSpec, paths: DataPaths) -> SourceSummary:
    result = stages.crawl_source(spec, paths)
    return SourceSummary(spec.name, result.items_scraped, result.dropped, result.pages_skipped,
                         round(result.elapsed_seconds, 2), repaired=result.repaired)


@task(name="extract", **stage)
def extract_task(paths: DataPaths, sources: list[str]) -> stages.ExtractResult:
    return stages.extract(paths, sources=sources)


@task(name="load", **io_retries)
def load_task(paths: DataPaths) -> Any:
    return stages.load(paths)


@task(name="export", **io_retries)
def export_task(paths: DataPaths) -> list[Path]:
    return stages.export(paths)


@task(name="report", **stage)
def report_task(paths: DataPaths) -> Path:
    return stages.report(paths)


@task(name="top-movers", **stage)
def movers_task(paths: DataPaths, direction: str) -> list[dict[str, Any]]:
    return stages.top_movers(paths, top=5, direction=direction).to_dicts()


@flow(name="crawl-sources", task_runner=ThreadPoolTaskRunner(max_workers=2))
def crawl_sources(data_dir: str, sources: str | None, seed: int,
                  adverts: int) -> list[SourceSummary]:
    """Crawl every enabled source, two at a time; a failing source does not stop the others.

    Without a sources file the synthetic board is served on 127.0.0.1 for the crawl.
    """
    paths = DataPaths.resolve(data_dir)
    config = load_sources(Path(sources)) if sources else None
    with stages.source_specs(config, seed, adverts) as specs:
        futures = [(spec, crawl_source_task.submit(spec, paths)) for spec in specs]
        summaries = []
        for spec, future in futures:
            outcome = future.result(raise_on_failure=False)
            if isinstance(outcome, BaseException):
                summaries.append(SourceSummary(spec.name, 0, {}, {}, 0.0, error=str(outcome)))
            else:
                summaries.append(outcome)
    if all(s.error for s in summaries):
        raise LeadtrendsError("every source failed: " + "; ".join(
            f"{s.source}: {s.error}" for s in summaries))
    return summaries


@flow(name="pipeline", log_prints=False)
def pipeline(data_dir: str | None = None, sources: str | None = None,
             sample_seed: int = stages.SAMPLE_SEED,
             sample_adverts: int = stages.SAMPLE_ADVERTS) -> RunSummary:
    """Crawl the sources, extract requirements, load the warehouse, export every analysis
    (CSV and Parquet with sidecars) and draw the HTML report.

    ``sources`` is a sources.toml path; without it the run crawls the sample board.
    """
    paths = DataPaths.resolve(data_dir).ensure()
    crawled = crawl_sources(str(paths.root), sources, sample_seed, sample_adverts)
    extracted = extract_task(paths, [s.source for s in crawled if not s.error])
    loaded = load_task(paths)
    exports = export_task(paths)
    report = report_task(paths)
    summary = RunSummary(
        data_dir=str(paths.root), warehouse=str(paths.warehouse), run_id=loaded.run_id,
        sources=crawled, extracted=extracted.postings_out,
        seen_unchanged=extracted.seen_unchanged,
        target_postings=extracted.target_postings, postings_new=loaded.postings_new,
        postings_changed=loaded.postings_changed, postings_unchanged=loaded.postings_unchanged,
        skill_facts=loaded.skill_facts, exports=[str(p) for p in exports], report=str(report),
        postings_closed=loaded.postings_closed, duplicates=loaded.duplicates,
        rising=movers_task(paths, "rising"), falling=movers_task(paths, "falling"),
    )
    create_markdown_artifact(key="pipeline-summary", markdown=summary_markdown(summary),
                             description="leadtrends run summary")
    return summary


def summary_markdown(summary: RunSummary) -> str:
    lines = ["# leadtrends run", "",
             "| source | items | dropped | pages skipped | repaired | seconds | error |",
             "|---|---:|---|---|---|---:|---|"]
    for src in summary.sources:
        lines.append(f"| {src.source} | {src.items} | {_reasons(src.dropped)} | "
                     f"{_reasons(src.pages_skipped)} | {_reasons(src.repaired)} | {src.seconds} "
                     f"| {src.error or ''} |")
    lines += ["", (f"- extracted: {summary.extracted} postings ({summary.target_postings} "
                   f"target); {summary.seen_unchanged} seen again unchanged, not re-extracted"),
              (f"- loaded: {summary.postings_new} new, {summary.postings_changed} changed, "
               f"{summary.postings_unchanged} unchanged; {summary.skill_facts} skill facts"),
              (f"- lifecycle: {summary.postings_closed} closed (no longer advertised); "
               f"{summary.duplicates} duplicates clustered"),
              f"- warehouse: `{summary.warehouse}`", f"- report: `{summary.report}`", "",
              "## Top rising skills", ""]
    lines += [f"- {row.get('skill_name', row.get('skill_id'))}" for row in summary.rising]
    return "\n".join(lines) + "\n"


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "-"


def serve(cron: str = DAILY_CRON) -> None:
    """Run the daily deployment from this process (``leadtrends serve``)."""
    pipeline.serve(name="leadtrends-daily", cron=cron,
                   description="Daily crawl -> extract -> load -> export")
