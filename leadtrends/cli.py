"""The ``leadtrends`` command line.

Errors a user can act on print as one line and exit 1; unexpected ones print one
line too (exit 2) unless ``--debug`` asks for the traceback.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from leadtrends.errors import LeadtrendsError
from leadtrends.paths import ENV_VAR, DataPaths

if TYPE_CHECKING:
    import polars as pl

app = typer.Typer(help="Job-market trends for technology leadership roles.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
console = Console()
err_console = Console(stderr=True)
_state: dict[str, object] = {"data_dir": None, "debug": False}

SeedOpt = Annotated[int, typer.Option(help="Seed of the synthetic sample board.")]
AdvertsOpt = Annotated[int, typer.Option(min=10, help="Adverts on the sample board.")]
SourcesOpt = Annotated[Path | None, typer.Option(
    "--sources", envvar="LEADTRENDS_SOURCES", dir_okay=False,
    help="sources.toml with the sources to crawl (default: the synthetic sample board).")]


# The run the stage commands (crawl, extract, load) share; `leadtrends run` has its own.
STAGE_RUN = {"cli": "stages"}


def _paths() -> DataPaths:
    return DataPaths.resolve(_state["data_dir"])  # type: ignore[arg-type]


@app.callback()
def _global(
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", envvar=ENV_VAR, help="Where runtime data lives (default ./data).")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks on errors.")] = False,
) -> None:
    _state["data_dir"] = data_dir
    _state["debug"] = debug


def print_frame(frame: pl.DataFrame, title: str | None = None, limit: int = 50) -> None:
    table = Table(title=title, show_lines=False)
    for name in frame.columns:
        table.add_column(name, overflow="fold")
    for row in frame.head(limit).iter_rows():
        table.add_row(*("" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)
                        for v in row))
    console.print(table)
    if frame.height > limit:
        console.print(f"[dim]… {frame.height - limit} more rows (use --csv to get them all)[/dim]")


def print_movers(movers: pl.DataFrame, title: str) -> None:
    """Share of tech-leadership postings naming each skill, first vs last window of the data."""
    first = movers.row(0, named=True)
    early = f"{first['early_start']:%Y-%m}..{first['early_end']:%Y-%m}"
    late = f"{first['late_start']:%Y-%m}..{first['late_end']:%Y-%m}"
    print_frame(movers.select(
        skill="skill_name", category="skill_category",
        **{f"share {early}": "early_share", f"share {late}": "late_share",
           "change": "share_change"}), title=title)


@app.command()
def run(sources: SourcesOpt = None, seed: SeedOpt = 2026, adverts: AdvertsOpt = 1500,
        full_recrawl: Annotated[bool, typer.Option(
            help="Ask incremental sources for their whole listing.")] = False,
        workers: Annotated[int, typer.Option(
            min=1, help="Extract on this many local Dask worker processes.")] = 1,
        batch_size: Annotated[int, typer.Option(
            min=1, help="Postings per extract batch (the unit a killed run resumes from).")
        ] = 500) -> None:
    """Run the whole pipeline (crawl → extract → load → export → report); a run that was
    killed is resumed, redoing only its unfinished work."""
    from flows.pipeline import pipeline
    from leadtrends.sources import load_sources

    if sources is not None:
        load_sources(sources)  # a bad file fails here, in one line, before Prefect starts
    _paths().ensure_writable()  # so does a read-only or full data directory
    with console.status("Running the pipeline (crawl → extract → load → export)…"):
        summary = pipeline(data_dir=str(_paths().root), sources=str(sources) if sources else None,
                           sample_seed=seed, sample_adverts=adverts, full_recrawl=full_recrawl,
                           extract_workers=workers, batch_size=batch_size)
    import polars as pl

    crawl = pl.DataFrame([{"source": s.source, "postings": s.items, "new": s.new,
                           "changed": s.changed, "closed": s.closed,
                           "dropped": _reasons(s.dropped),
                           "pages skipped": _reasons(s.pages_skipped),
                           "repaired": _reasons(s.repaired),
                           "seconds": s.seconds, "error": s.error or ""}
                          for s in summary.sources])
    # Columns that say nothing this run (no repairs, no failures) only crowd the table.
    print_frame(crawl.select(c for c in crawl.columns
                             if c in ("source", "postings", "new", "changed", "closed") or
                             crawl[c].cast(str).is_in(["-", ""]).not_().any()), title="Crawl")
    resumed = f" (resumed after {summary.resumed} interruption(s))" if summary.resumed else ""
    console.print(f"Run {summary.run_id}: [bold]{summary.status}[/bold]{resumed}")
    for reason in summary.partial_reasons:
        err_console.print(f"partial: {reason}", markup=False, soft_wrap=True)
    console.print(f"Extracted {summary.extracted} postings ({summary.target_postings} "
                  f"tech-leadership); {summary.seen_unchanged} seen again unchanged. Loaded "
                  f"{summary.postings_new} new, {summary.postings_changed} changed, "
                  f"{summary.postings_unchanged} unchanged; closed {summary.postings_closed} "
                  f"no longer advertised; {summary.duplicates} duplicates clustered.")
    if summary.rising:
        print_movers(pl.DataFrame(summary.rising), "Top rising skills")
    console.print(f"Warehouse: [bold]{summary.warehouse}[/bold]")
    if summary.exports:
        console.print(f"Exports:   {len(summary.exports)} files (CSV and Parquet, each with a "
                      f"JSON sidecar) in {Path(summary.exports[0]).parent}")
    console.print(f"Report:    [bold]{summary.report}[/bold]")


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"


@app.command()
def crawl(sources: SourcesOpt = None, seed: SeedOpt = 2026, adverts: AdvertsOpt = 1500) -> None:
    """Crawl the configured sources (default: the sample board) into data/crawl/."""
    from leadtrends import stages
    from leadtrends.runs import open_run
    from leadtrends.sources import load_sources

    paths = _paths().ensure()
    config = load_sources(sources) if sources is not None else None
    failed = []
    with open_run(paths, STAGE_RUN) as run, stages.source_specs(config, seed, adverts) as specs:
        for spec in specs:
            with console.status(f"Crawling {spec.name}…"):
                try:
                    result = stages.crawl_source(spec, paths)
                except LeadtrendsError as exc:
                    err_console.print(f"{spec.name}: failed: {exc}", markup=False)
                    failed.append(spec.name)
                    continue
            run.record("crawl", {"items": result.items_scraped}, key=spec.name,
                       seconds=result.elapsed_seconds)
            console.print(f"{spec.name}: {result.items_scraped} postings; dropped "
                          f"{_reasons(result.dropped)}; pages skipped "
                          f"{_reasons(result.pages_skipped)}; {result.elapsed_seconds:.1f}s "
                          f"→ {result.output}")
    if failed:
        raise LeadtrendsError(f"{len(failed)} of {len(specs)} sources failed: {', '.join(failed)}")


@app.command()
def extract(
    input_file: Annotated[Path | None, typer.Argument(
        metavar="[IN.jsonl]", dir_okay=False,
        help="Extract these records instead of the crawled postings.")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", dir_okay=False, help="Where to write records (with IN.jsonl).")] = None,
    esco: Annotated[Path | None, typer.Option(
        dir_okay=False, help="ESCO v1.1.1 classification CSV zip: link skill spans the "
        "taxonomy does not list to ESCO skills (with IN.jsonl).")] = None,
    onet: Annotated[Path | None, typer.Option(
        file_okay=False, help="O*NET 29.3 folder: its titles place job titles the curated "
        "SOC rules do not (with IN.jsonl).")] = None,
) -> None:
    """Extract role, seniority, skills and experience: from crawled postings (the stage), or
    from IN.jsonl lines {"id", "title", "description"} to -o OUT.jsonl."""
    if input_file is not None:
        _extract_file(input_file, output, esco, onet)
        return
    from leadtrends import stages
    from leadtrends.runs import open_run

    paths = _paths().ensure()
    columns = (SpinnerColumn(), TextColumn("Extracting"), BarColumn(), MofNCompleteColumn())
    with (open_run(paths, STAGE_RUN) as run,
          Progress(*columns, console=console, transient=True) as progress):
        bar = progress.add_task("extract", total=None)
        result = stages.extract(paths, run.run_id, run.day,
                                progress=lambda n: progress.advance(bar, n))
        run.record("extract", {"postings_out": result.postings_out})
    console.print(f"Extracted {result.postings_out} postings ({result.target_postings} "
                  f"tech-leadership, {result.skill_mentions} skill mentions) → "
                  f"{paths.lake_dir / 'postings'} ({result.batches} files of run {run.run_id}); "
                  f"{result.seen_unchanged} seen again unchanged, not re-extracted")
    if result.skipped:
        console.print(f"Skipped: {result.skipped}")


def _extract_file(input_file: Path, output: Path | None, esco: Path | None,
                  onet: Path | None) -> None:
    import json

    from leadtrends.jsonl import atomic_writer
    from nlp.linking import EscoFileError
    from nlp.occupation import OnetFileError
    from nlp.pipeline import load_pipeline
    from nlp.records import extraction_records, parse_line

    if output is None:
        raise LeadtrendsError("extract IN.jsonl needs -o OUT.jsonl")
    try:
        nlp = load_pipeline(esco=esco, onet=onet)
    except (EscoFileError, OnetFileError) as exc:
        raise LeadtrendsError(str(exc)) from None
    try:
        lines = input_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LeadtrendsError(f"cannot read {input_file}: {exc}") from None
    records = [parse_line(line, n) for n, line in enumerate(lines, 1) if line.strip()]
    written = 0
    with atomic_writer(output) as handle:
        for record in extraction_records(records, nlp):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    console.print(f"Extracted {written} records → {output}")


@app.command("import")
def import_dump(
    file: Annotated[Path, typer.Argument(
        help="Dump to import (.xlsx or .csv for nyc-open-data; .csv; .jsonl).")],
    preset: Annotated[str, typer.Option(help="nyc-open-data, csv or jsonl.")],
    source: Annotated[str | None, typer.Option(
        help="Source name (default: the preset's, or the file name).")] = None,
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help="FIELD=COLUMN, repeatable: which column holds a Posting field.")] = None,
    load: Annotated[bool, typer.Option(
        help="Extract and load the imported adverts into the warehouse.")] = True,
) -> None:
    """Import a dump of job adverts as a source, then extract and load it."""
    from leadtrends import stages
    from leadtrends.importers import default_source, import_file, parse_mapping_options

    paths = _paths().ensure()
    name = source or default_source(file, preset)
    with console.status(f"Importing {file.name}…"):
        result = import_file(file, preset, paths.crawl_output(name), source=name,
                             mapping=parse_mapping_options(map_ or []))
    console.print(f"{result.source}: {result.postings_written} postings from "
                  f"{result.rows_read} rows ({result.duplicates} duplicates; skipped "
                  f"{_reasons(result.skipped)}) in {result.elapsed_seconds:.1f}s → {result.output}")
    if not load:
        return
    from leadtrends.runs import open_run

    with open_run(paths, {"cli": "import", "source": name}) as run:
        with console.status("Extracting…"):
            extracted = stages.extract(paths, run.run_id, run.day, sources=[name])
        with console.status("Loading the warehouse…"):
            loaded = stages.load(paths, run.run_id)
        run.record("load", {"postings_new": loaded.postings_new})
        run.finish()
    console.print(f"Extracted {extracted.postings_out} ({extracted.seen_unchanged} unchanged, "
                  f"not re-extracted); loaded {loaded.postings_new} new, "
                  f"{loaded.postings_changed} changed → {paths.warehouse}")


@app.command()
def load() -> None:
    """Load extracted postings into the DuckDB warehouse (one transaction, idempotent)."""
    from leadtrends import stages
    from leadtrends.runs import open_run

    paths = _paths().ensure()
    with open_run(paths, STAGE_RUN) as run, console.status("Loading the warehouse…"):
        result = stages.load(paths, run.run_id)
        run.record("load", {"postings_new": result.postings_new})
        run.finish()
    console.print(f"Run {result.run_id}: {result.postings_new} new, {result.postings_changed} "
                  f"changed, {result.postings_unchanged} unchanged postings; "
                  f"{result.skill_facts} skill facts → {_paths().warehouse}")


@app.command()
def reextract(
    everything: Annotated[bool, typer.Option(
        "--all", help="Re-extract every posting, not only those of older pipeline versions.")
    ] = False,
) -> None:
    """Re-run the current NLP pipeline over stored advert text; replace older facts at once."""
    from warehouse.reextract import reextract as reextract_warehouse

    paths = _paths()
    columns = (SpinnerColumn(), TextColumn("Re-extracting"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("reextract", total=None)
        result = reextract_warehouse(paths.warehouse, everything=everything,
                                     progress=lambda n: progress.advance(bar, n))
    console.print(f"Re-extracted {result.postings_reextracted} postings with pipeline "
                  f"{result.pipeline_version} ({result.skill_facts} skill facts) in "
                  f"{result.seconds:.1f}s; {result.postings_changed_meanwhile} changed by a "
                  f"load meanwhile and were left to it → {paths.warehouse}")


ByOpt = Annotated[list[str] | None, typer.Option(
    "--by", help="skill_share: a period (month, quarter, year) and/or a dimension to group by "
    "(all, role_family, seniority, country, work_arrangement, source); repeatable.")]
MinPostingsOpt = Annotated[int | None, typer.Option(
    help="skill_share: groups with fewer postings are flagged (enough_postings false).")]
FamilyFilter = Annotated[str | None, typer.Option(help="Keep rows of this role family.")]
SeniorityFilter = Annotated[str | None, typer.Option(help="Keep rows of this seniority.")]
SourceFilter = Annotated[str | None, typer.Option(help="Keep rows of this source.")]
CountryFilter = Annotated[str | None, typer.Option(help="Keep rows of this country.")]
SkillFilter = Annotated[str | None, typer.Option(help="Keep rows of this skill (id or name).")]
SinceFilter = Annotated[datetime | None, typer.Option(
    formats=["%Y-%m-%d"], help="Keep periods starting on or after this date.")]
UntilFilter = Annotated[datetime | None, typer.Option(
    formats=["%Y-%m-%d"], help="Keep periods starting on or before this date.")]


def _analysis_options(by: list[str] | None, min_postings: int | None, family: str | None,
                      seniority: str | None, source: str | None, country: str | None,
                      skill: str | None, since: datetime | None, until: datetime | None
                      ) -> tuple[dict[str, object], dict[str, object]]:
    """The shared analysis options of ``export NAME`` and ``trends NAME``."""
    from warehouse.export import parse_by

    parameters: dict[str, object] = dict(parse_by(by or []))
    if min_postings is not None:
        parameters["min_postings"] = min_postings
    filters = {"family": family, "seniority": seniority, "source": source, "country": country,
               "skill": skill, "since": since.date() if since else None,
               "until": until.date() if until else None}
    return parameters, {key: value for key, value in filters.items() if value is not None}


@app.command()
def export(
    name: Annotated[str | None, typer.Argument(
        help="Analysis to export (see --list); none: every analysis, CSV and Parquet, to "
        "data/exports/.")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", dir_okay=False, help="File to write (with NAME).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    by: ByOpt = None,
    min_postings: MinPostingsOpt = None,
    family: FamilyFilter = None,
    seniority: SeniorityFilter = None,
    source: SourceFilter = None,
    country: CountryFilter = None,
    skill: SkillFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    list_: Annotated[bool, typer.Option("--list", help="List the analyses and exit.")] = False,
) -> None:
    """Export analyses as CSV or Parquet, each with a JSON sidecar (query, filters, rows,
    data/pipeline/taxonomy versions, generated at)."""
    from leadtrends import stages
    from warehouse.export import ANALYSES, export_analysis

    if list_:
        for analysis, spec in ANALYSES.items():
            console.print(f"[bold]{analysis}[/bold]: {spec.description}")
        return
    paths = _paths()
    if name is None:
        for path in stages.export(paths):
            console.print(f"Export: {path}")
        return
    if output is None:
        raise LeadtrendsError(f"export {name} needs -o PATH")
    parameters, filters = _analysis_options(by, min_postings, family, seniority, source,
                                            country, skill, since, until)
    result = export_analysis(stages.require_warehouse(paths), name, output, fmt,  # type: ignore[arg-type]
                             parameters, filters)
    console.print(f"Wrote {result.rows} rows to {result.path} (sidecar {result.sidecar})")


@app.command()
def report(
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", dir_okay=False,
        help="HTML file to write (default data/exports/report.html).")] = None,
    png_dir: Annotated[Path | None, typer.Option(
        file_okay=False, help="Folder for the PNGs of the charts (default: <output "
        "name>_files/ beside the HTML).")] = None,
) -> None:
    """Write a self-contained HTML report of charts (opens offline), and a PNG of each chart."""
    from leadtrends import stages
    from warehouse.report import generate_report

    paths = _paths()
    with console.status("Drawing the report…"):
        result = generate_report(stages.require_warehouse(paths),
                                 output or paths.exports_dir / "report.html", png_dir=png_dir)
    console.print(f"Report: {result.html} ({len(result.charts)} charts, PNGs in "
                  f"{result.pngs[0].parent if result.pngs else 'none'}) in "
                  f"{result.seconds:.1f}s")
    for name, note in result.empty.items():
        console.print(f"[dim]{name}: {note}[/dim]")


@app.command()
def trends(
    analysis: Annotated[str | None, typer.Argument(
        help="An analysis to print (see `export --list`); none: skill share among "
        "tech-leadership postings over time.")] = None,
    skill: SkillFilter = None,
    family: Annotated[str | None, typer.Option(
        help="Role family ('all' sums every family).")] = None,
    seniority: Annotated[str | None, typer.Option(
        help="Seniority ('all' sums every level).")] = None,
    by: ByOpt = None,
    min_postings: MinPostingsOpt = None,
    source: SourceFilter = None,
    country: CountryFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    csv: Annotated[Path | None, typer.Option(help="Also write the full result as CSV.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to print.")] = 50,
) -> None:
    """Print a trend: skill share over time, or any analysis by name (`trends skill_pairs`)."""
    from leadtrends import stages
    from warehouse.connect import connect
    from warehouse.export import analysis_frame, parse_by
    from warehouse.trends import skill_trends

    con = connect(stages.require_warehouse(_paths()), read_only=True)
    try:
        if analysis is not None:
            parameters, filters = _analysis_options(by, min_postings, family, seniority, source,
                                                    country, skill, since, until)
            frame, _ = analysis_frame(con, analysis, parameters, filters)
            shown = frame
        else:
            period = parse_by(by or []).get("grain", "month")
            frame = skill_trends(con, skill=skill, family=family or "all",
                                 seniority=seniority or "all", by=period)  # type: ignore[arg-type]
            # the terminal gets the readable columns; the CSV keeps ids and categories too
            shown = frame.select("period", family="role_family", level="seniority",
                                 skill="skill_name", postings="postings_with_skill",
                                 of="target_postings", share="share")
    finally:
        con.close()
    if frame.is_empty():
        raise LeadtrendsError("no trend rows match those filters "
                              "(check --skill/--family/--seniority against the warehouse)")
    print_frame(shown, limit=limit)
    if csv is not None:
        csv.parent.mkdir(parents=True, exist_ok=True)
        frame.write_csv(csv)
        console.print(f"Wrote {frame.height} rows to {csv}")


@app.command()
def sql(query: Annotated[str, typer.Argument(help="A SELECT to run read-only.")],
        limit: Annotated[int, typer.Option(help="Rows to print.")] = 100) -> None:
    """Run a read-only SQL query against the warehouse."""
    from leadtrends import stages
    from warehouse.query import run_sql

    print_frame(run_sql(stages.require_warehouse(_paths()), query), limit=limit)


EVALUATIONS = {"skillspan": "skillspan", "decorte": "decorte",
               "experience": "requirements", "requirements": "requirements",
               "report": "report"}


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def evaluate(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(
        help="skillspan (span F1), decorte (ESCO linking), experience (NYC gold), or "
        "report (all of them, written to docs/EVALUATION.md).")],
) -> None:
    """Score the extraction on labelled data and print the metric tables.

    Extra options go to the evaluation (e.g. `evaluate skillspan --split dev`)."""
    import importlib

    module = EVALUATIONS.get(name)
    if module is None:
        raise LeadtrendsError(f"unknown evaluation {name!r}: one of {', '.join(EVALUATIONS)}")
    status = importlib.import_module(f"nlp.evaluation.{module}").main(list(ctx.args))
    if status:
        raise typer.Exit(status)


@app.command()
def serve() -> None:
    """Serve the daily run and the weekly full re-crawl as scheduled Prefect deployments
    from this process (needs a Prefect server: PREFECT_API_URL)."""
    from flows.pipeline import serve as serve_flow

    serve_flow()


def main() -> None:
    command = typer.main.get_command(app)
    try:
        command.main(prog_name="leadtrends")
    except LeadtrendsError as exc:
        if _state["debug"] or os.environ.get("LEADTRENDS_DEBUG"):
            raise
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except OSError as exc:
        if _state["debug"] or os.environ.get("LEADTRENDS_DEBUG"):
            raise
        where = f" {exc.filename}" if exc.filename else ""
        err_console.print(f"error: cannot write or read{where}: {exc.strerror or exc}",
                          markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except Exception as exc:
        if _state["debug"] or os.environ.get("LEADTRENDS_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        err_console.print(f"error: {type(exc).__name__}: {first} (re-run with --debug for the "
                          "traceback)", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
