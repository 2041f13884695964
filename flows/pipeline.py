"""Prefect flows: the pipeline crawl -> extract -> load -> export -> report.

Flows only compose the stages in ``leadtrends.stages``; one task per source, per extract
batch or per stage, never per posting. Tasks retry only on transient I/O errors. Settings
are read when a run starts (``data_dir`` is a parameter, resolved inside the flow).

A run holds the data directory's run lock (a second run fails at once) and keeps a ledger
(``leadtrends.runs``): every finished unit is recorded, so a run that was killed is resumed
by the next one and only its unfinished work is done again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from leadtrends.prefect_env import configure_prefect_env

configure_prefect_env()

from prefect import flow, task
from prefect import serve as prefect_serve
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Completed, State
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from leadtrends import stages
from leadtrends.errors import LeadtrendsError
from leadtrends.paths import DataPaths
from leadtrends.runs import RunLedger, run_lock
from leadtrends.sources import load_sources

DAILY_CRON = "0 6 * * *"
WEEKLY_CRON = "0 3 * * 0"


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
    full_listing: bool = True
    new: int = 0
    changed: int = 0
    closed: int = 0


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
    status: str = "complete"
    partial_reasons: list[str] = field(default_factory=list)
    resumed: int = 0
    skill_mentions: int = 0
    extract_batches: int = 0
    batches_reused: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@task(name="crawl-source", **io_retries)
def crawl_source_task(spec: stages.SourceSpec, paths: DataPaths,
                      full_recrawl: bool) -> SourceSummary:
    result = stages.crawl_source(spec, paths, full_recrawl=full_recrawl)
    return SourceSummary(spec.name, result.items_scraped, result.dropped, result.pages_skipped,
                         round(result.elapsed_seconds, 2), repaired=result.repaired,
                         full_listing=result.since is None)


@task(name="extract-batch", **io_retries)
def extract_batch_task(batch: stages.ExtractBatch) -> stages.BatchResult:
    return stages.extract_batch(batch)


@task(name="load", **io_retries)
def load_task(paths: DataPaths, run_id: str, full_listing: list[str]) -> Any:
    return stages.load(paths, run_id, full_listing=full_listing)


@task(name="export", **io_retries)
def export_task(paths: DataPaths) -> list[Path]:
    return stages.export(paths)


@task(name="report", **stage)
def report_task(paths: DataPaths) -> Path:
    return stages.report(paths)


def extract_task_runner(workers: int, address: str | None = None) -> TaskRunner[Any]:
    """Where the extract batches run: this process, or Dask (a local cluster of ``workers``
    processes, or the scheduler at ``address``)."""
    if workers <= 1 and not address:
        return ThreadPoolTaskRunner(max_workers=1)
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


@flow(name="extract", log_prints=False)
def extract_flow(data_dir: str, run_id: str, day: date, sources: list[str],
                 batch_size: int = stages.EXTRACT_BATCH_SIZE) -> stages.ExtractResult:
    """The extract stage with its batches mapped over this flow's task runner."""
    def mapped(batches: list[stages.ExtractBatch]) -> list[stages.BatchResult]:
        return list(extract_batch_task.map(batches).result()) if batches else []

    return stages.extract(DataPaths.resolve(data_dir), run_id, day, sources=sources,
                          batch_size=batch_size, map_batches=mapped)


@contextmanager
def _timed(seconds: dict[str, float], unit: str) -> Iterator[None]:
    started = time.monotonic()
    yield
    seconds[unit] = round(time.monotonic() - started, 2)


def _crawl(run: RunLedger, paths: DataPaths, sources: str | None, seed: int, adverts: int,
           full_recrawl: bool) -> list[SourceSummary]:
    """Crawl every enabled source the run has not crawled yet, two at a time; a failing
    source does not stop the others. Without a sources file the synthetic board is served
    on 127.0.0.1 for the crawl."""
    config = load_sources(Path(sources)) if sources else None
    with stages.source_specs(config, seed, adverts) as specs:
        todo = [spec for spec in specs if spec.name not in run.crawl]
        futures = [crawl_source_task.submit(spec, paths, full_recrawl) for spec in todo]
        spec_of = {id(future): spec for future, spec in zip(futures, todo, strict=True)}
        for future in as_completed(futures):  # recorded as each source finishes
            spec = spec_of[id(future)]
            outcome = future.result(raise_on_failure=False)
            if isinstance(outcome, BaseException):
                outcome = SourceSummary(spec.name, 0, {}, {}, 0.0, error=str(outcome))
            run.record("crawl", asdict(outcome), key=spec.name, seconds=outcome.seconds)
        names = [spec.name for spec in specs]
    summaries = [SourceSummary(**run.crawl[name]) for name in names]
    if all(s.error for s in summaries):
        raise LeadtrendsError("every source failed: " + "; ".join(
            f"{s.source}: {s.error}" for s in summaries))
    return summaries


@flow(name="pipeline", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=2))
def pipeline(data_dir: str | None = None, sources: str | None = None,
             sample_seed: int = stages.SAMPLE_SEED,
             sample_adverts: int = stages.SAMPLE_ADVERTS, full_recrawl: bool = False,
             extract_workers: int = 1, dask_address: str | None = None,
             batch_size: int = stages.EXTRACT_BATCH_SIZE) -> State[RunSummary]:
    """Crawl the sources, extract requirements, load the warehouse, export every analysis
    (CSV and Parquet with sidecars) and draw the HTML report.

    ``sources`` is a sources.toml path; without it the run crawls the sample board.
    ``full_recrawl`` asks incremental sources for their whole listing. Extraction runs in
    batches of ``batch_size`` on ``extract_workers`` local Dask workers (1: in this process),
    or on the Dask scheduler at ``dask_address``. The run ends Completed, or "Partial" when
    a source failed (the others are loaded).
    """
    paths = DataPaths.resolve(data_dir).ensure()
    params = {"sources": sources, "sample_seed": sample_seed, "sample_adverts": sample_adverts,
              "full_recrawl": full_recrawl}
    with run_lock(paths):
        run = RunLedger.open(paths, params)
        summary = _run(run, paths, extract_workers, dask_address, batch_size)
        create_markdown_artifact(key="pipeline-summary", markdown=summary_markdown(summary),
                                 description="leadtrends run summary")
        run.finish()
    if summary.status == "partial":
        return Completed(data=summary, name="Partial", message="; ".join(summary.partial_reasons))
    return Completed(data=summary)


def _run(run: RunLedger, paths: DataPaths, extract_workers: int, dask_address: str | None,
         batch_size: int) -> RunSummary:
    seconds: dict[str, float] = {}
    params = run.params
    crawled = _crawl(run, paths, params["sources"], params["sample_seed"],
                     params["sample_adverts"], params["full_recrawl"])
    done = [s.source for s in crawled if not s.error]
    if run.extract is None:
        with _timed(seconds, "extract"):
            runner = extract_task_runner(extract_workers, dask_address)
            result = extract_flow.with_options(task_runner=runner)(
                str(paths.root), run.run_id, run.day, done, batch_size)
        run.record("extract", asdict(result), seconds=seconds["extract"])
    if run.load is None:
        with _timed(seconds, "load"):
            full = [s.source for s in crawled if not s.error and s.full_listing]
            loaded = load_task(paths, run.run_id, full)
            by_source = stages.run_by_source(paths, run.run_id)
        run.record("load", {**asdict(loaded), "by_source": by_source}, seconds=seconds["load"])
    if run.export is None:
        with _timed(seconds, "export"):
            exports = export_task(paths)
        run.record("export", [str(p) for p in exports], seconds=seconds["export"])
    if run.report is None:
        with _timed(seconds, "report"):
            report = report_task(paths)
        run.record("report", str(report), seconds=seconds["report"])
    return _summary(run, paths, crawled)


def _summary(run: RunLedger, paths: DataPaths, crawled: list[SourceSummary]) -> RunSummary:
    assert run.extract is not None and run.load is not None
    extracted, loaded = run.extract, run.load
    for src in crawled:
        src.__dict__.update(loaded["by_source"].get(src.source, {}))
    failed = [f"{s.source}: {s.error}" for s in crawled if s.error]
    return RunSummary(
        data_dir=str(paths.root), warehouse=str(paths.warehouse), run_id=run.run_id,
        sources=crawled, extracted=extracted["postings_out"],
        seen_unchanged=extracted["seen_unchanged"],
        target_postings=extracted["target_postings"], postings_new=loaded["postings_new"],
        postings_changed=loaded["postings_changed"],
        postings_unchanged=loaded["postings_unchanged"], skill_facts=loaded["skill_facts"],
        exports=list(run.export or []), report=run.report or "",
        postings_closed=loaded["postings_closed"], duplicates=loaded["duplicates"],
        rising=stages.top_movers(paths, top=5, direction="rising").to_dicts(),
        falling=stages.top_movers(paths, top=5, direction="falling").to_dicts(),
        status="partial" if failed else "complete", partial_reasons=failed,
        resumed=run.resumed, skill_mentions=extracted["skill_mentions"],
        extract_batches=extracted["batches"], batches_reused=extracted["batches_reused"],
        seconds=dict(run.seconds))


def summary_markdown(summary: RunSummary) -> str:
    status = summary.status + (f" ({'; '.join(summary.partial_reasons)})"
                               if summary.partial_reasons else "")
    lines = [f"# leadtrends run {summary.run_id}", "",
             f"**Status: {status}**" + (f"; resumed {summary.resumed}×" if summary.resumed
                                        else ""), "",
             ("| source | fetched | new | changed | closed | dropped | pages skipped | "
             "repaired | seconds | error |"),
             "|---|---:|---:|---:|---:|---|---|---|---:|---|"]
    for src in summary.sources:
        lines.append(f"| {src.source} | {src.items} | {src.new} | {src.changed} | "
                     f"{src.closed} | {_reasons(src.dropped)} | {_reasons(src.pages_skipped)} "
                     f"| {_reasons(src.repaired)} | {src.seconds} | {src.error or ''} |")
    lines += ["", (f"- extracted: {summary.extracted} postings ({summary.target_postings} "
                   f"target, {summary.skill_mentions} skill mentions) in "
                   f"{summary.extract_batches} batches ({summary.batches_reused} reused from "
                   f"a killed run); {summary.seen_unchanged} seen again unchanged, "
                   f"not re-extracted"),
              (f"- loaded: {summary.postings_new} new, {summary.postings_changed} changed, "
               f"{summary.postings_unchanged} unchanged; {summary.skill_facts} skill facts"),
              (f"- lifecycle: {summary.postings_closed} closed (no longer advertised); "
               f"{summary.duplicates} duplicates clustered"),
              "- seconds: " + ", ".join(f"{k} {v}" for k, v in summary.seconds.items()),
              f"- warehouse: `{summary.warehouse}`", f"- report: `{summary.report}`", ""]
    for title, movers in (("Top rising skills", summary.rising),
                          ("Top falling skills", summary.falling)):
        lines += [f"## {title}", ""]
        lines += [f"- {row.get('skill_name', row.get('skill_id'))}: "
                  f"{row.get('share_change', 0):+.1%}" for row in movers] or ["- none"]
        lines.append("")
    return "\n".join(lines)


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "-"


def serve() -> None:
    """Serve the daily run and the weekly full re-crawl from this process
    (``leadtrends serve``; the prefect.yaml deployments need a work pool instead)."""
    prefect_serve(
        pipeline.to_deployment(name="leadtrends-daily", cron=DAILY_CRON,
                               description="Daily crawl -> extract -> load -> export"),
        pipeline.to_deployment(name="leadtrends-weekly-full", cron=WEEKLY_CRON,
                               parameters={"full_recrawl": True},
                               description="Weekly full re-crawl of every source"),
    )
