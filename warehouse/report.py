"""``leadtrends report``: one self-contained HTML page of charts, and a PNG of each chart.

The page answers the project's question for careers researchers: does moving into leadership
mean leaving technology behind, and which business and leadership skills do tech leaders
need? Each chart is an Altair (Vega-Lite) chart drawn from one analysis view of the
warehouse. The Vega, Vega-Lite and Vega-Embed JavaScript comes from ``vl-convert-python``'s
bundle and is inlined into the page, so it opens from disk with no network at all (CI and
many researchers' machines have none). The same specs are rendered to PNG by vl-convert,
for papers and slides.

A view with no rows (or one this warehouse does not have yet) gives a short "no data" note
in place of its chart, never a failure: a fresh warehouse still gets a report.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import polars as pl

from leadtrends.jsonl import atomic_writer
from warehouse.connect import connect
from warehouse.errors import WarehouseError, first_line

# Plain-English names and fixed colours, so a category looks the same in every chart.
CATEGORIES: dict[str, str] = {
    "technical": "Technology",
    "leadership": "Leadership",
    "business": "Business",
    "soft": "Soft skills",
    "certification": "Certifications",
}
CATEGORY_COLOURS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#9d755d"]
SENIORITIES: dict[str, str] = {
    "all": "All levels",
    "individual": "Individual contributor",
    "lead": "Team lead",
    "manager": "Manager",
    "director": "Director / Head of",
    "executive": "Executive (C-level, VP)",
    "unknown": "Level not stated",
}
ARRANGEMENTS: dict[str, str] = {"remote": "Remote", "hybrid": "Hybrid", "on_site": "On site",
                                "unknown": "Not stated"}
# Lowest accepted degree, lowest first; "not stated" (the advert names none) last, in grey.
DEGREES: dict[str, str] = {
    "none": "No degree needed",
    "high_school": "High school",
    "associate": "Associate",
    "bachelor": "Bachelor's",
    "master": "Master's",
    "doctorate": "Doctorate",
    "not_stated": "Not stated",
}
DEGREE_COLOURS = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#bdbdbd"]
FLOWS: dict[str, str] = {"new_target_postings": "New", "closed_target_postings": "Closed"}
FLOW_COLOURS = ["#54a24b", "#e45756"]
# Quarters smooth small samples without hiding a trend; longer grains only when needed.
GRAIN_PREFERENCE = ("quarter", "month", "year")
TOP_MOVERS = 10
TOP_CURRENCIES = 4
TOP_SKILLS = 8
TOP_PAIRS = 15
# Pairs sharing fewer adverts than this are noise; below TOP_PAIRS // 3 such pairs (a small
# warehouse) the chart falls back to pairs sharing at least FALLBACK_PAIR_POSTINGS adverts.
MIN_PAIR_POSTINGS = 10
FALLBACK_PAIR_POSTINGS = 2
DEGREE_YEARS = 3
SIGNIFICANCE = 0.05
CLEAR, UNCLEAR = "Yes", "No (could be chance)"
PNG_SCALE = 2.0
CHART_WIDTH = 620
FACET_WIDTH = 190


@dataclass(frozen=True)
class ChartSpec:
    """One chart of the report: where its data comes from and how it is drawn."""

    name: str
    title: str
    explanation: str
    query: str
    draw: Callable[[pl.DataFrame], alt.TopLevelMixin | None]


@dataclass
class Section:
    """A chart as the report shows it: a Vega-Lite spec, or a note why there is none."""

    chart: ChartSpec
    spec: dict[str, Any] | None = None
    note: str | None = None
    png: Path | None = None


@dataclass
class ReportResult:
    html: Path
    pngs: list[Path]
    charts: list[str]
    empty: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def generate_report(db_path: str | os.PathLike[str], output: str | os.PathLike[str],
                    png_dir: str | os.PathLike[str] | None = None) -> ReportResult:
    """Write the HTML report to ``output`` and a PNG per drawn chart to ``png_dir``.

    ``png_dir`` defaults to ``<output stem>_files/`` beside the HTML. Reads through a
    read-only connection, so a report can be made while analysts have the warehouse open.
    """
    started = datetime.now(UTC)
    html_path = Path(output)
    pngs_at = Path(png_dir) if png_dir is not None else (
        html_path.with_name(f"{html_path.stem}_files"))
    with connect(db_path, read_only=True) as con:
        summary = _summary(con)
        sections = [_section(con, chart) for chart in CHARTS]
    vl_version = _vl_version()
    pngs: list[Path] = []
    for section in sections:
        if section.spec is None:
            continue
        section.png = pngs_at / f"{section.chart.name}.png"
        with atomic_writer(section.png, binary=True) as handle:
            handle.write(_png(section.spec, vl_version))
        pngs.append(section.png)
    page = render_html(summary, sections, _javascript(vl_version), html_path.parent)
    with atomic_writer(html_path) as handle:
        handle.write(page)
    drawn = [s.chart.name for s in sections if s.spec is not None]
    empty = {s.chart.name: s.note or "" for s in sections if s.spec is None}
    return ReportResult(html_path, pngs, drawn, empty,
                        (datetime.now(UTC) - started).total_seconds())


# ---- data ----------------------------------------------------------------------------------

def _section(con: duckdb.DuckDBPyConnection, chart: ChartSpec) -> Section:
    try:
        frame = con.sql(chart.query).pl()
    except duckdb.CatalogException:
        # A warehouse made by an older leadtrends lacks the newer views until its next load.
        return Section(chart, note="Not available in this warehouse yet: run `leadtrends "
                                   "load` once with this version to create the analysis.")
    except duckdb.Error as exc:
        raise WarehouseError(f"report chart {chart.name} failed: {first_line(exc)}") from exc
    if frame.is_empty():
        return Section(chart, note="No data yet for this chart.")
    # Vega-Lite data is JSON: DuckDB DECIMALs (e.g. from averages of counts) become floats.
    frame = frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    with alt.data_transformers.enable("default", max_rows=None):
        drawn = chart.draw(frame)
        if drawn is None:
            return Section(chart, note="No data yet for this chart.")
        return Section(chart, spec=drawn.to_dict())


def _summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the report was computed from, in the words of the page's opening lines."""
    def rows(sql: str) -> list[tuple[Any, ...]]:
        return con.sql(sql).fetchall()

    total, target, undated, first_day, last_day = rows(
        "SELECT count(*), count(*) FILTER (WHERE is_target), "
        "count(*) FILTER (WHERE is_target AND date_posted IS NULL), "
        "min(date_posted) FILTER (WHERE is_target), max(date_posted) FILTER (WHERE is_target) "
        "FROM postings")[0]
    try:
        in_trends: int | None = rows("SELECT count(*) FROM trend_postings")[0][0]
    except duckdb.CatalogException:
        in_trends = None
    last_run = rows("SELECT run_id, finished_at FROM runs ORDER BY started_at DESC LIMIT 1")
    return {
        "postings": total,
        "target_postings": target,
        "trend_postings": in_trends,
        "undated_target_postings": undated,
        "first_day": first_day,
        "last_day": last_day,
        "sources": rows("SELECT source, count(*), count(*) FILTER (WHERE is_target) "
                        "FROM postings GROUP BY source ORDER BY 2 DESC, 1"),
        "pipelines": rows("SELECT coalesce(pipeline_version, 'unknown'), count(*) "
                          "FROM postings GROUP BY 1 ORDER BY 2 DESC, 1"),
        "taxonomies": [v for (v,) in rows("SELECT DISTINCT taxonomy_version FROM skills "
                                          "ORDER BY 1")],
        "last_run": last_run[0] if last_run else None,
        "generated_at": datetime.now(UTC).replace(microsecond=0),
    }


def _column(frame: pl.DataFrame, *candidates: str) -> str:
    """The first of ``candidates`` the frame has; a view that lost a column the chart needs
    fails naming what it has, not deep inside Altair."""
    for name in candidates:
        if name in frame.columns:
            return name
    raise WarehouseError(f"report: none of the columns {', '.join(candidates)} is in the "
                         f"view (it has {', '.join(frame.columns)})")


def _one_grain(frame: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """Rows of one period length: views holding several grains repeat the same postings."""
    if "grain" not in frame.columns:
        return frame, "month"
    grains = set(frame["grain"].unique().to_list())
    grain = next((g for g in GRAIN_PREFERENCE if g in grains), min(grains))
    return frame.filter(pl.col("grain") == grain), grain


def _labelled(frame: pl.DataFrame, column: str, labels: dict[str, str], name: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(column).cast(pl.String).fill_null("unknown")
        .replace_strict(labels, default=pl.col(column).cast(pl.String).fill_null("unknown"))
        .alias(name))


def _order(values: list[str], labels: dict[str, str]) -> list[str]:
    """Label order first (so levels read junior to senior), then anything unexpected."""
    known = [label for label in labels.values() if label in values]
    return known + sorted(v for v in set(values) if v not in known)


def _period_axis(grain: str) -> alt.X:
    label = {"quarter": "Quarter", "month": "Month", "year": "Year"}.get(grain, "Period")
    # One tick per period, labelled as the period ("Q3 2024"), not as its first day.
    ticks = {"quarter": ("Q%q %Y", {"interval": "month", "step": 3}),
             "year": ("%Y", {"interval": "year", "step": 1})}
    fmt, count = ticks.get(grain, ("%b %Y", None))
    axis = alt.Axis(format=fmt, labelOverlap="greedy",
                    **({"tickCount": count} if count else {}))
    return alt.X("period:T", title=f"{label} the advert was posted", axis=axis)


# ---- charts --------------------------------------------------------------------------------

def draw_movers(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    change = _column(frame, "share_change")
    frame = frame.filter(pl.col(change).is_not_null() & (pl.col(change) != 0))
    rising = frame.filter(pl.col(change) > 0).sort(change, descending=True).head(TOP_MOVERS)
    falling = frame.filter(pl.col(change) < 0).sort(change).head(TOP_MOVERS)
    movers = pl.concat([rising, falling], how="diagonal_relaxed")
    if movers.is_empty():
        return None
    p_value = "p_value" if "p_value" in movers.columns else None
    movers = _labelled(movers, "skill_category", CATEGORIES, "Category").with_columns(
        pl.when(pl.col(change) > 0).then(pl.lit("Rising")).otherwise(pl.lit("Falling"))
        .alias("Direction"))
    window = _windows(movers)
    tooltip = [alt.Tooltip("skill_name:N", title="Skill"), alt.Tooltip("Category:N"),
               alt.Tooltip(f"{_column(movers, 'early_share')}:Q", title="Share before",
                           format=".0%"),
               alt.Tooltip(f"{_column(movers, 'late_share')}:Q", title="Share after",
                           format=".0%"),
               alt.Tooltip(f"{change}:Q", title="Change", format="+.0%")]
    if p_value:
        tooltip.append(alt.Tooltip(f"{p_value}:Q", title="p-value", format=".3f"))
    categories = list(CATEGORIES.values())
    encoding: dict[str, Any] = {
        "x": alt.X(f"{change}:Q", title="Change in share of adverts (percentage points)",
                   axis=alt.Axis(format="+.0%")),
        "y": alt.Y("skill_name:N", title=None,
                   sort=alt.EncodingSortField(change, order="descending")),
        "color": alt.Color("Category:N", legend=alt.Legend(title="Skill category"),
                           scale=alt.Scale(domain=categories, range=CATEGORY_COLOURS)),
        "tooltip": tooltip,
    }
    if p_value:
        # Faded bars: changes a two-proportion test cannot tell apart from chance.
        clear = (pl.col(p_value) < SIGNIFICANCE).fill_null(False)
        movers = movers.with_columns(pl.when(clear).then(pl.lit(CLEAR))
                                     .otherwise(pl.lit(UNCLEAR)).alias("Clear change"))
        encoding["opacity"] = alt.Opacity(
            "Clear change:O", sort=[CLEAR, UNCLEAR], scale=alt.Scale(domain=[CLEAR, UNCLEAR], range=[1.0, 0.4]),
            legend=alt.Legend(title=f"Clear change (p < {SIGNIFICANCE:g})"))
    return alt.Chart(movers, title=alt.TitleParams(
        "Skills gaining and losing ground in tech-leadership adverts", subtitle=window)
    ).mark_bar().encode(**encoding).properties(width=CHART_WIDTH - 140, height=alt.Step(18))


def _windows(movers: pl.DataFrame) -> str:
    columns = ("early_start", "early_end", "late_start", "late_end")
    if not all(c in movers.columns for c in columns):
        return "Earlier period against the latest period"
    first = movers.row(0, named=True)
    es, ee, ls, le = (first[c] for c in columns)
    return f"Share of adverts naming the skill: {_month(es)}–{_month(ee)} against " \
           f"{_month(ls)}–{_month(le)}"


def _month(value: Any) -> str:
    return value.strftime("%b %Y") if isinstance(value, date) else str(value)


def draw_balance(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    frame, grain = _one_grain(frame)
    shares = {cat: _column(frame, f"mean_{cat}_share") for cat in CATEGORIES}
    postings = _column(frame, "postings_with_skills", "postings")
    long = frame.unpivot(index=["period", "seniority", postings], on=list(shares.values()),
                         variable_name="measure", value_name="share").drop_nulls("share")
    if long.is_empty():
        return None
    by_measure = {column: CATEGORIES[cat] for cat, column in shares.items()}
    long = _labelled(long, "measure", by_measure, "Category")
    long = _labelled(long, "seniority", SENIORITIES, "Level")
    base = alt.Chart(long).encode(
        x=_period_axis(grain),
        y=alt.Y("share:Q", title="Share of an advert's skills",
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("Category:N", legend=alt.Legend(title="Skill category"),
                        scale=alt.Scale(domain=list(CATEGORIES.values()),
                                        range=CATEGORY_COLOURS)),
        tooltip=[alt.Tooltip("Level:N"), alt.Tooltip("period:T", title="Period", format="%b %Y"),
                 alt.Tooltip("Category:N"), alt.Tooltip("share:Q", title="Share", format=".0%"),
                 alt.Tooltip(f"{postings}:Q", title="Adverts with skills")])
    layered = alt.layer(base.mark_line(), base.mark_point(filled=True, size=30)).properties(
        width=FACET_WIDTH, height=180)
    return layered.facet(
        facet=alt.Facet("Level:N", title=None, sort=_order(long["Level"].to_list(), SENIORITIES)),
        columns=3, title=alt.TitleParams(
            "Technology versus business and leadership skills, by level",
            subtitle="How an average advert's skills split between categories; "
                     "do senior roles ask for less technology?"))


def draw_experience(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    frame, grain = _one_grain(frame)
    median, low, high = (_column(frame, f"{q}_min_years") for q in ("median", "p25", "p75"))
    frame = frame.drop_nulls(median)
    if "seniority" in frame.columns:
        frame = frame.filter(pl.col("seniority") != "all")
    if frame.is_empty():
        return None
    frame = _labelled(frame, "seniority", SENIORITIES, "Level")
    levels = _order(frame["Level"].to_list(), SENIORITIES)
    # symbolOpacity: the faded band shares the scale and would fade the legend's symbols too
    colour = alt.Color("Level:N", sort=levels, legend=alt.Legend(title="Level", symbolOpacity=1))
    tooltip = [alt.Tooltip("Level:N"), alt.Tooltip("period:T", title="Period", format="%b %Y"),
               alt.Tooltip(f"{median}:Q", title="Median years", format=".1f"),
               alt.Tooltip(f"{low}:Q", title="25th percentile", format=".1f"),
               alt.Tooltip(f"{high}:Q", title="75th percentile", format=".1f")]
    if "postings_with_years" in frame.columns:
        tooltip.append(alt.Tooltip("postings_with_years:Q", title="Adverts stating years"))
    base = alt.Chart(frame).encode(x=_period_axis(grain), color=colour)
    band = base.mark_area(opacity=0.15).encode(y=alt.Y(f"{low}:Q"), y2=alt.Y2(f"{high}:Q"))
    line = base.mark_line(point=True).encode(
        y=alt.Y(f"{median}:Q", title="Minimum years of experience asked (median)"),
        tooltip=tooltip)
    return alt.layer(band, line, title=alt.TitleParams(
        "Experience asked for, by level",
        subtitle="Line: median of the minimum years an advert asks for; "
                 "band: middle half of adverts")).properties(width=CHART_WIDTH, height=280)


def draw_salary(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    frame, grain = _one_grain(frame)
    median, low, high = (_column(frame, f"{q}_salary") for q in ("median", "p25", "p75"))
    currency = _column(frame, "currency", "salary_currency")
    frame = frame.drop_nulls([median, currency])
    if "seniority" in frame.columns:
        frame = frame.filter(pl.col("seniority") != "all")
    if frame.is_empty():
        return None
    frame = _labelled(frame, "seniority", SENIORITIES, "Level")
    levels = _order(frame["Level"].to_list(), SENIORITIES)
    tooltip = [alt.Tooltip("Level:N"), alt.Tooltip(f"{currency}:N", title="Currency"),
               alt.Tooltip("period:T", title="Period", format="%b %Y"),
               alt.Tooltip(f"{median}:Q", title="Median a year", format=",.0f"),
               alt.Tooltip(f"{low}:Q", title="25th percentile", format=",.0f"),
               alt.Tooltip(f"{high}:Q", title="75th percentile", format=",.0f")]
    paid = next((c for c in ("postings_with_salary", "postings") if c in frame.columns), None)
    if paid is not None:
        tooltip.append(alt.Tooltip(f"{paid}:Q", title="Adverts stating pay"))
    # The currencies most adverts pay in; a long tail of one-advert panels says nothing.
    weight = pl.col(paid).sum() if paid else pl.len()
    ranked = frame.group_by(currency).agg(weight.alias("n")).sort(["n", currency],
                                                                  descending=[True, False])
    shown = ranked[currency].head(TOP_CURRENCIES).to_list()
    frame = frame.filter(pl.col(currency).is_in(shown))
    left_out = ranked.height - len(shown)
    base = alt.Chart().encode(x=_period_axis(grain),
                              color=alt.Color("Level:N", sort=levels, legend=alt.Legend(
                                  title="Level", symbolOpacity=1)))
    band = base.mark_area(opacity=0.15).encode(y=alt.Y(f"{low}:Q"), y2=alt.Y2(f"{high}:Q"))
    line = base.mark_line(point=True).encode(
        y=alt.Y(f"{median}:Q", title="Yearly pay (median)", axis=alt.Axis(format="~s")),
        tooltip=tooltip)
    subtitle = [("Yearly equivalent of the advertised salary; band: middle half of adverts; "
                 "one panel per currency (never converted)")]
    if left_out:
        subtitle.append(f"{left_out} less common "
                        f"{'currency' if left_out == 1 else 'currencies'} not shown")
    return alt.layer(band, line, data=frame).properties(width=FACET_WIDTH + 90, height=200).facet(
        facet=alt.Facet(f"{currency}:N", title=None, sort=shown), columns=2,
        title=alt.TitleParams("Advertised pay, by level", subtitle=subtitle),
    ).resolve_scale(y="independent")


def draw_coverage(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    month = _column(frame, "month", "period")
    count = _column(frame, "target_postings", "trend_postings", "postings")
    extra = [(c, t) for c, t in (("trend_postings", "Counted in trends"),
                                  ("postings", "All adverts")) if c in frame.columns and c != count]
    frame = frame.drop_nulls(month).filter(pl.col("source") != "all") \
        if "source" in frame.columns else frame.drop_nulls(month)
    if frame.is_empty():
        return None
    tooltip = [alt.Tooltip(f"{month}:T", title="Month", format="%b %Y"),
               alt.Tooltip("source:N", title="Source"),
               alt.Tooltip(f"sum({count}):Q", title="Tech-leadership adverts")]
    tooltip += [alt.Tooltip(f"sum({c}):Q", title=title) for c, title in extra]
    return alt.Chart(frame, title=alt.TitleParams(
        "Where the adverts come from",
        subtitle="Tech-leadership adverts per month, by source: a trend that follows one "
                 "source's arrival or departure is about coverage, not the job market")
    ).mark_bar().encode(
        x=alt.X(f"yearmonth({month}):T", title="Month the advert was posted",
                axis=alt.Axis(format="%b %Y")),
        y=alt.Y(f"sum({count}):Q", title="Tech-leadership adverts",
                axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("source:N", title="Source"),
        tooltip=tooltip,
    ).properties(width=CHART_WIDTH, height=260)


def draw_remote(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    frame, grain = _one_grain(frame)
    # One share column per way of working (remote_share, hybrid_share...): made long here.
    shares = {f"{key}_share": label for key, label in ARRANGEMENTS.items()
              if f"{key}_share" in frame.columns}
    if not shares:
        raise WarehouseError(f"report: remote_share has none of the columns "
                             f"{', '.join(f'{k}_share' for k in ARRANGEMENTS)}")
    long = frame.unpivot(index=["period"], on=list(shares), variable_name="measure",
                         value_name="share").drop_nulls("share")
    if long.is_empty():
        return None
    long = _labelled(long, "measure", shares, "Arrangement").with_columns(
        pl.col("measure").replace_strict({m: n for n, m in enumerate(shares)}).alias("stack"))
    return alt.Chart(long, title=alt.TitleParams(
        "Remote, hybrid and on-site work",
        subtitle="Share of tech-leadership adverts by the way of working they offer")
    ).mark_area().encode(
        x=_period_axis(grain),
        y=alt.Y("share:Q", title="Share of adverts", axis=alt.Axis(format=".0%"),
                stack="zero", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("Arrangement:N", sort=list(ARRANGEMENTS.values()),
                        legend=alt.Legend(title="Way of working")),
        order=alt.Order("stack:Q"),  # stacked in legend order
        tooltip=[alt.Tooltip("period:T", title="Period", format="%b %Y"),
                 alt.Tooltip("Arrangement:N"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).properties(width=CHART_WIDTH, height=240)


def draw_certifications(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    frame, grain = _one_grain(frame)
    name, share = _column(frame, "skill_name"), _column(frame, "share")
    frame = frame.drop_nulls(share)
    if frame.is_empty():
        return None
    return alt.Chart(frame, title=alt.TitleParams(
        "Certifications asked for",
        subtitle="Share of tech-leadership adverts naming each certification")
    ).mark_line(point=True).encode(
        x=_period_axis(grain),
        y=alt.Y(f"{share}:Q", title="Share of adverts", axis=alt.Axis(format=".0%")),
        color=alt.Color(f"{name}:N", title="Certification"),
        tooltip=[alt.Tooltip(f"{name}:N", title="Certification"),
                 alt.Tooltip("period:T", title="Period", format="%b %Y"),
                 alt.Tooltip(f"{share}:Q", title="Share", format=".0%")],
    ).properties(width=CHART_WIDTH, height=240)



def draw_skill_share(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    frame, grain = _one_grain(frame)
    name, share = _column(frame, "skill_name"), _column(frame, "share")
    low, high = _column(frame, "share_low"), _column(frame, "share_high")
    mentions = _column(frame, "postings_with_skill")
    frame = frame.drop_nulls([name, share])
    if frame.is_empty():
        return None
    frame = _labelled(frame, "skill_category", CATEGORIES, "Category")
    # Panels in order of how many adverts name the skill over the whole span.
    order = (frame.group_by(name).agg(pl.col(mentions).sum().alias("n"))
             .sort(["n", name], descending=[True, False])[name].to_list())
    tooltip = [alt.Tooltip(f"{name}:N", title="Skill"), alt.Tooltip("Category:N"),
               alt.Tooltip("period:T", title="Period", format="%b %Y"),
               alt.Tooltip(f"{share}:Q", title="Share", format=".0%"),
               alt.Tooltip(f"{low}:Q", title="Could be as low as", format=".0%"),
               alt.Tooltip(f"{high}:Q", title="Could be as high as", format=".0%"),
               alt.Tooltip(f"{mentions}:Q", title="Adverts naming it")]
    if "postings" in frame.columns:
        tooltip.append(alt.Tooltip("postings:Q", title="Adverts in the period"))
    base = alt.Chart().encode(
        x=_period_axis(grain),
        color=alt.Color("Category:N", legend=alt.Legend(title="Skill category", symbolOpacity=1),
                        scale=alt.Scale(domain=list(CATEGORIES.values()),
                                        range=CATEGORY_COLOURS)))
    band = base.mark_area(opacity=0.2).encode(y=alt.Y(f"{low}:Q"), y2=alt.Y2(f"{high}:Q"))
    line = base.mark_line(point=True).encode(
        y=alt.Y(f"{share}:Q", title="Share of adverts", axis=alt.Axis(format=".0%")),
        tooltip=tooltip)
    return alt.layer(band, line, data=frame).properties(width=150, height=130).facet(
        facet=alt.Facet(f"{name}:N", title=None, sort=order), columns=4,
        title=alt.TitleParams(
            f"The {len(order)} most-named skills over time",
            subtitle="Share of tech-leadership adverts naming each skill; band: where the "
                     "true share plausibly lies (95 % Wilson interval)"))


def draw_pairs(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    lift, both = _column(frame, "lift"), _column(frame, "postings_with_both")
    a, b = _column(frame, "skill_a_name"), _column(frame, "skill_b_name")
    frame = frame.drop_nulls([lift, a, b])
    if frame.is_empty():
        return None
    # Does the pair tie technology to another kind of skill, the report's question?
    tech = CATEGORIES["technical"]
    kinds = [f"{tech} + another kind", f"Both {tech.lower()}", f"Neither is {tech.lower()}"]
    frame = (_labelled(_labelled(frame, "skill_a_category", CATEGORIES, "Category A"),
                       "skill_b_category", CATEGORIES, "Category B")
             .with_columns(pl.concat_str([pl.col(a), pl.lit(" + "), pl.col(b)]).alias("Pair"),
                           pl.sum_horizontal((pl.col(c) == tech).cast(pl.Int8)
                                             for c in ("Category A", "Category B"))
                           .replace_strict({1: kinds[0], 2: kinds[1], 0: kinds[2]})
                           .alias("Kind")))
    floor = frame["min_postings_with_both"].min() if "min_postings_with_both" in frame.columns \
        else frame[both].min()
    tooltip = [alt.Tooltip("Pair:N"), alt.Tooltip("Category A:N", title="First skill's category"),
               alt.Tooltip("Category B:N", title="Second skill's category"),
               alt.Tooltip(f"{lift}:Q", title="Times more often than chance", format=".2f"),
               alt.Tooltip(f"{both}:Q", title="Adverts naming both")]
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{lift}:Q", title="Times more often together than if adverts picked skills "
                                   "independently (lift)"),
        y=alt.Y("Pair:N", title=None, sort=alt.EncodingSortField(lift, order="descending"),
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("Kind:N", legend=alt.Legend(title="Pair"),
                        scale=alt.Scale(domain=kinds, range=["#f58518", "#4c78a8", "#54a24b"])),
        tooltip=tooltip)
    chance = alt.Chart(pl.DataFrame({"x": [1.0]})).mark_rule(
        color="#555", strokeDash=[4, 3]).encode(x="x:Q")
    return alt.layer(bars, chance, title=alt.TitleParams(
        "Skills asked for together",
        subtitle=f"The {frame.height} pairs most over-represented among pairs named together "
                 f"in at least {floor} adverts; dashed line: no more often than chance")
    ).properties(width=CHART_WIDTH - 220, height=alt.Step(18))


def draw_degrees(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    # Years: a degree requirement moves slowly, and quarters split the levels too thin.
    if "grain" in frame.columns and "year" in frame["grain"].to_list():
        frame = frame.filter(pl.col("grain") == "year")
    else:
        frame, _ = _one_grain(frame)
    share, degree = _column(frame, "share"), _column(frame, "min_degree")
    frame = frame.drop_nulls(["period", share])
    if "postings" in frame.columns:
        frame = frame.filter(pl.col("postings") > 0)
    if frame.is_empty():
        return None
    years = sorted(frame["period"].unique().to_list())[-DEGREE_YEARS:]
    frame = frame.filter(pl.col("period").is_in(years)).with_columns(
        pl.col("period").dt.year().cast(pl.String).alias("Year"),
        pl.col(degree).replace_strict({k: n for n, k in enumerate(DEGREES)},
                                      default=len(DEGREES), return_dtype=pl.Int32)
        .alias("stack"))
    frame = _labelled(_labelled(frame, "seniority", SENIORITIES, "Level"), degree, DEGREES,
                      "Degree")
    tooltip = [alt.Tooltip("Level:N"), alt.Tooltip("Year:N"), alt.Tooltip("Degree:N"),
               alt.Tooltip(f"{share}:Q", title="Share of adverts", format=".0%")]
    if "share_of_stated" in frame.columns:
        tooltip.append(alt.Tooltip("share_of_stated:Q", title="Share of adverts naming a degree",
                                   format=".0%"))
    tooltip += [alt.Tooltip(f"{c}:Q", title=t) for c, t in (
        ("postings_with_degree", "Adverts"), ("postings", "Adverts at this level"))
        if c in frame.columns]
    subtitle = "Share of adverts by the lowest degree they accept; grey: the advert names none"
    if len(years) > 1:
        subtitle += f"; the latest {len(years)} years"
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{share}:Q", title="Share of adverts", stack="zero",
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("Level:N", title=None, sort=_order(frame["Level"].to_list(), SENIORITIES)),
        color=alt.Color("Degree:N", legend=alt.Legend(title="Lowest degree accepted"),
                        scale=alt.Scale(domain=list(DEGREES.values()), range=DEGREE_COLOURS)),
        order=alt.Order("stack:Q"),  # stacked lowest degree first, "not stated" last
        tooltip=tooltip,
    ).properties(width=CHART_WIDTH - 220, height=alt.Step(18)).facet(
        facet=alt.Facet("Year:N", title=None, sort=[str(y.year) for y in years]), columns=1,
        title=alt.TitleParams("Degrees asked for, by level", subtitle=subtitle))


def _source_colours(sources: list[str], total: str | None = None) -> alt.Scale:
    """Vega's default palette in the sources' sorted order, as the coverage chart colours
    them; the all-sources line, if any, in dark grey."""
    palette = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2",
               "#ff9da6", "#9d755d", "#bab0ac"]
    domain = sorted(set(sources))
    colours = [palette[n % len(palette)] for n in range(len(domain))]
    if total is not None:
        domain, colours = [*domain, total], [*colours, "#333333"]
    return alt.Scale(domain=domain, range=colours)


def _load_months(frame: pl.DataFrame, month: str) -> alt.Scale:
    """At least a year of load months on the axis, ending with the month after the latest:
    a young warehouse's one or two months would otherwise stretch over the whole width."""
    first, last = frame[month].min(), frame[month].max()
    start_index = min(first.year * 12 + first.month - 1, last.year * 12 + last.month - 12)
    end_index = last.year * 12 + last.month  # the month after the latest, zero-based
    start = alt.DateTime(year=start_index // 12, month=start_index % 12 + 1, date=1)
    end = alt.DateTime(year=end_index // 12, month=end_index % 12 + 1, date=1)
    return alt.Scale(domain=[start, end])


def draw_stock(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    month = _column(frame, "month")
    count = _column(frame, "open_target_postings", "open_postings")
    frame = frame.drop_nulls([month, count])
    if frame.is_empty():
        return None
    sources = frame["source"].cast(pl.String).to_list()
    total = "All sources" if len(set(sources)) > 1 else None
    if total:
        summed = frame.group_by(month).agg(pl.col(count).sum(), pl.lit(total).alias("source"),
                                           *([pl.col("open_postings").sum()]
                                             if "open_postings" in frame.columns
                                             and count != "open_postings" else []))
        frame = pl.concat([frame, summed], how="diagonal_relaxed")
    tooltip = [alt.Tooltip(f"{month}:T", title="Month", format="%b %Y"),
               alt.Tooltip("source:N", title="Source"),
               alt.Tooltip(f"{count}:Q", title="Tech-leadership adverts open")]
    if "open_postings" in frame.columns and count != "open_postings":
        tooltip.append(alt.Tooltip("open_postings:Q", title="All adverts open"))
    return alt.Chart(frame, title=alt.TitleParams(
        "Adverts open at each month end",
        subtitle="Tech-leadership adverts still being carried by each source; the last month "
                 "is so far")
    ).mark_line(point=True).encode(
        x=alt.X(f"yearmonth({month}):T", title="Month (end of)", axis=alt.Axis(format="%b %Y"),
                scale=_load_months(frame, month)),
        y=alt.Y(f"{count}:Q", title="Tech-leadership adverts open",
                axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("source:N", title="Source", scale=_source_colours(sources, total)),
        tooltip=tooltip,
    ).properties(width=CHART_WIDTH, height=240)


def draw_flow(frame: pl.DataFrame) -> alt.TopLevelMixin | None:
    month = _column(frame, "month")
    flows = {_column(frame, column, column.replace("_target", "")): label
             for column, label in FLOWS.items()}
    long = frame.unpivot(index=[month, "source"], on=list(flows), variable_name="measure",
                         value_name="adverts").drop_nulls([month, "adverts"])
    if long.is_empty() or long["adverts"].sum() == 0:
        return None
    long = _labelled(long, "measure", flows, "Movement").with_columns(
        pl.when(pl.col("Movement") == FLOWS["closed_target_postings"])
        .then(-pl.col("adverts")).otherwise(pl.col("adverts")).alias("change"))
    bars = alt.Chart(long).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X(f"yearmonth({month}):T", title="Month of the load",
                axis=alt.Axis(format="%b %Y"), scale=_load_months(long, month)),
        y=alt.Y("change:Q", title="Tech-leadership adverts (closed below zero)",
                axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("Movement:N", legend=alt.Legend(title="Adverts"),
                        scale=alt.Scale(domain=list(FLOWS.values()), range=FLOW_COLOURS)),
        detail="source:N",
        order=alt.Order("source:O"),
        tooltip=[alt.Tooltip(f"{month}:T", title="Month", format="%b %Y"),
                 alt.Tooltip("source:N", title="Source"), alt.Tooltip("Movement:N"),
                 alt.Tooltip("adverts:Q", title="Tech-leadership adverts")])
    zero = alt.Chart(pl.DataFrame({"y": [0]})).mark_rule(color="#555").encode(y="y:Q")
    return alt.layer(bars, zero, title=alt.TitleParams(
        "Adverts appearing and disappearing",
        subtitle="Per month of loading: new adverts above the line, adverts closed (gone from "
                 "their source) below; one segment per source")
    ).properties(width=CHART_WIDTH, height=240)


CHARTS: list[ChartSpec] = [
    ChartSpec(
        "skill_movers", "Rising and falling skills",
        "The skills whose share of tech-leadership adverts changed most between the earlier "
        "and the latest period of the data (up to ten each way). A bar to the right means "
        "more adverts ask for the skill now. Faded bars are changes a two-proportion test "
        "cannot tell apart from chance (p ≥ 0.05): read them as hints, not findings.",
        "SELECT * FROM skill_movers_latest", draw_movers),
    ChartSpec(
        "skill_share", "The most-named skills over time",
        f"The share of tech-leadership adverts naming each of the {TOP_SKILLS} skills adverts "
        "name most often, per quarter, one panel per skill (most named first; colour is the "
        "skill category). The shaded band is the 95 % Wilson interval: where the true share "
        "plausibly lies given how few adverts a quarter has. Lines whose bands overlap "
        "throughout have not clearly moved.",
        f"""
        WITH share AS (
            SELECT * REPLACE (coalesce(skill_name, skill_id) AS skill_name)
            FROM skill_share(grain := 'quarter')
        ),
        top_skills AS (
            SELECT skill_id FROM share
            GROUP BY skill_id
            HAVING sum(postings_with_skill) > 0
            ORDER BY sum(postings_with_skill) DESC, skill_id
            LIMIT {TOP_SKILLS}
        )
        SELECT * FROM share WHERE skill_id IN (SELECT skill_id FROM top_skills)
        ORDER BY period, skill_id""", draw_skill_share),
    ChartSpec(
        "skill_balance", "Technology versus business and leadership, by level",
        "For each level, how the skills an average advert asks for split between technology, "
        "leadership, business, soft skills and certifications. If moving up meant leaving "
        "technology behind, the Technology line would sit lower for directors and executives "
        "than for managers and team leads, and the Business and Leadership lines higher. "
        "Adverts that name no skill are left out of the averages.",
        "SELECT * FROM skill_balance_by_seniority ORDER BY ALL", draw_balance),
    ChartSpec(
        "skill_pairs", "Skills asked for together",
        f"The {TOP_PAIRS} pairs of skills adverts name together most often compared with chance "
        "(lift: 2 means twice as often as if adverts picked skills independently). Only pairs "
        f"named together in at least {MIN_PAIR_POSTINGS} adverts count (at least "
        f"{FALLBACK_PAIR_POSTINGS} while the warehouse is too small for that; the subtitle "
        "says which), since a rare pair's lift is noise. Orange bars tie a technology skill to "
        "a leadership, business or soft skill or a certification.",
        f"""
        WITH pairs AS (
            SELECT * REPLACE (coalesce(skill_a_name, skill_a) AS skill_a_name,
                              coalesce(skill_b_name, skill_b) AS skill_b_name)
            FROM skill_pairs
            WHERE lift > 1 AND postings_with_both >= {FALLBACK_PAIR_POSTINGS}
        ),
        threshold AS (
            SELECT CASE WHEN count(*) FILTER (WHERE postings_with_both >= {MIN_PAIR_POSTINGS})
                             >= {TOP_PAIRS // 3}
                        THEN {MIN_PAIR_POSTINGS} ELSE {FALLBACK_PAIR_POSTINGS}
                   END AS min_postings_with_both
            FROM pairs
        )
        SELECT pairs.*, threshold.min_postings_with_both
        FROM pairs CROSS JOIN threshold
        WHERE pairs.postings_with_both >= threshold.min_postings_with_both
        ORDER BY lift DESC, postings_with_both DESC, skill_a, skill_b
        LIMIT {TOP_PAIRS}""", draw_pairs),
    ChartSpec(
        "experience", "Experience asked for",
        "The minimum years of experience adverts ask for, by level: the line is the median, "
        "the shaded band the middle half of adverts (25th to 75th percentile). Only adverts "
        "that state a number of years count.",
        "SELECT * FROM experience_trends ORDER BY ALL", draw_experience),
    ChartSpec(
        "degrees", "Degrees asked for",
        "The lowest degree adverts accept, by level, per year (the latest three): each bar "
        "adds up to all the level's adverts, from 'no degree needed' through bachelor's and "
        "master's to doctorate, with adverts that name no degree in grey. If leadership "
        "meant more formal credentials, the darker segments would grow from team leads to "
        "executives. Hover for the share among adverts that do name a degree.",
        "SELECT * FROM degree_trends ORDER BY ALL", draw_degrees),
    ChartSpec(
        "salary", "Advertised pay",
        "The yearly equivalent of advertised pay, by level, one panel per currency (pay is "
        "never converted between currencies). Hourly, daily, weekly and monthly rates are "
        "scaled to a year. Only adverts that state pay count, which is often a minority: "
        "hover a point for how many.",
        "SELECT * FROM salary_trends ORDER BY ALL", draw_salary),
    ChartSpec(
        "coverage", "Coverage by source",
        "How many tech-leadership adverts each source contributed per month. Check it before "
        "reading any trend: a jump that coincides with a source joining or leaving the "
        "crawl says more about the data than about employers.",
        "SELECT * FROM coverage ORDER BY ALL", draw_coverage),
    ChartSpec(
        "open_postings", "Adverts open",
        "How many tech-leadership adverts were open at the end of each month, per source and "
        "in all (an advert is open from the load that first stored it until the load that "
        "found it gone). Months are months of loading, not of posting, and the last month "
        "is so far. Duplicates across boards count on each board.",
        "SELECT * FROM postings_stock_monthly ORDER BY ALL", draw_stock),
    ChartSpec(
        "postings_flow", "Adverts appearing and disappearing",
        "Per month of loading, the tech-leadership adverts first stored (above zero) and those "
        "closed because their source stopped carrying them (below zero), one segment per "
        "source. The open count of the chart above changes by exactly new minus closed. A "
        "first load shows every advert as new: read the flow from the second month of "
        "crawling on.",
        "SELECT * FROM postings_flow ORDER BY ALL", draw_flow),
    ChartSpec(
        "remote", "Remote and hybrid work",
        "The share of tech-leadership adverts offering remote, hybrid or on-site work, as the "
        "advert words it; 'Not stated' when it does not say.",
        "SELECT * FROM remote_share ORDER BY ALL", draw_remote),
    ChartSpec(
        "certifications", "Certifications",
        "The share of tech-leadership adverts naming each certification (ITIL, PMP, ...).",
        "SELECT * FROM certification_demand ORDER BY ALL", draw_certifications),
]


# ---- output --------------------------------------------------------------------------------

def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes specs for, as vl-convert names it ("6.4")."""
    import vl_convert

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def _javascript(vl_version: str | None) -> str:
    import vl_convert

    # The bundle holds Vega, Vega-Lite and Vega-Embed and sets them on window.
    bundle = vl_convert.javascript_bundle(vl_version=vl_version)
    return bundle.replace("</script", "<\\/script")


def _png(spec: dict[str, Any], vl_version: str | None) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(spec, vl_version=vl_version, scale=PNG_SCALE)


def _json_for_html(value: Any) -> str:
    # "<" escaped so no string in the data can close the <script> element holding it.
    return json.dumps(value, ensure_ascii=False, default=str).replace("<", "\\u003c")


def _href(target: Path, page_dir: Path) -> str:
    try:
        return Path(os.path.relpath(target.resolve(), page_dir.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return target.resolve().as_uri()


def _summary_html(summary: dict[str, Any]) -> str:
    esc = html.escape
    first, last = summary["first_day"], summary["last_day"]
    period = f"{first:%d %b %Y} to {last:%d %b %Y}" if first and last else "no dated adverts yet"
    sources = ", ".join(f"{esc(str(name))} ({target:,} of {total:,})"
                        for name, total, target in summary["sources"]) or "none"
    pipelines = ", ".join(f"{esc(str(v))} ({n:,} adverts)" for v, n in summary["pipelines"]) \
        or "none"
    taxonomies = ", ".join(esc(str(v)) for v in summary["taxonomies"]) or "none"
    run = summary["last_run"]
    last_run = f"{esc(str(run[0]))}, finished {run[1]:%Y-%m-%d %H:%M} UTC" \
        if run and run[1] else (esc(str(run[0])) if run else "none")
    undated = summary["undated_target_postings"]
    items = [
        (f"<b>{summary['postings']:,}</b> job adverts in the warehouse, of which "
         f"<b>{summary['target_postings']:,}</b> are technology-leadership roles"),
        (f"Adverts posted <b>{period}</b>"
         + (f" ({undated:,} undated tech-leadership "
            f"{'advert is' if undated == 1 else 'adverts are'} left out of the trends)"
            if undated else "")),
        f"Sources (tech-leadership adverts of all adverts): {sources}",
        f"Extraction pipeline: {pipelines}; skill taxonomy: {taxonomies}",
        (f"Last load: {last_run}; report made {summary['generated_at']:%Y-%m-%d %H:%M} UTC"),
    ]
    if summary["trend_postings"] is not None:
        items.insert(1, f"<b>{summary['trend_postings']:,}</b> of them are counted in the "
                        f"trends (dated, and each advert once however many boards carried it)")
    return "<ul class=\"summary\">" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def render_html(summary: dict[str, Any], sections: list[Section], javascript: str,
                page_dir: Path) -> str:
    """The whole page: summary, one figure per chart (or its note), the inlined scripts."""
    esc = html.escape
    figures = []
    specs = {}
    for section in sections:
        chart = section.chart
        head = f"<h2>{esc(chart.title)}</h2><p class=\"how\">{esc(chart.explanation)}</p>"
        if section.spec is None:
            figures.append(f"<section id=\"{chart.name}\">{head}<p class=\"no-data\" "
                           f"data-no-data=\"{chart.name}\">{esc(section.note or '')}</p>"
                           f"</section>")
            continue
        specs[chart.name] = section.spec
        png = (f"<p class=\"png\"><a href=\"{esc(_href(section.png, page_dir))}\">PNG of this "
               f"chart</a></p>") if section.png else ""
        figures.append(f"<section id=\"{chart.name}\">{head}<div class=\"chart\" "
                       f"data-chart=\"{chart.name}\"></div>{png}</section>")
    return _PAGE.format(
        chart_count=len(specs),
        summary=_summary_html(summary),
        figures="\n".join(figures),
        specs=_json_for_html(specs),
        javascript=javascript,
        embed=_EMBED,
    )


_EMBED = """
(function () {
  var specs = JSON.parse(document.getElementById("chart-specs").textContent);
  var options = {renderer: "svg",
                 actions: {export: true, source: false, compiled: false, editor: false}};
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var name = el.getAttribute("data-chart");
    vegaEmbed(el, specs[name], options).then(function () {
      el.setAttribute("data-rendered", "true");
    }).catch(function (err) {
      el.setAttribute("data-rendered", "error");
      console.error("chart " + name + " failed: " + err);
    });
  });
})();
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="leadtrends-chart-count" content="{chart_count}">
<title>Technology leadership job adverts: skills, experience and pay</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.6em; margin-bottom: 0.2em; }}
h2 {{ font-size: 1.2em; margin-top: 2em; border-top: 1px solid #ddd; padding-top: 1em; }}
.lead {{ color: #444; }}
.summary li {{ margin: 0.2em 0; }}
.how {{ color: #444; font-size: 0.95em; }}
.no-data {{ color: #777; font-style: italic; border: 1px dashed #bbb; padding: 0.8em; }}
.png {{ font-size: 0.85em; }}
.chart {{ overflow-x: auto; }}
</style>
</head>
<body>
<h1>Technology leadership job adverts: skills, experience and pay</h1>
<p class="lead">Does moving into leadership mean leaving technology behind? Which business and
leadership skills do technology leaders need, and how is that changing? These charts read job
adverts for technology-leadership roles (IT, engineering and technical-operations managers,
heads of, directors and executives). Shares are of adverts, not of jobs filled; hover any point
for the numbers behind it.</p>
{summary}
{figures}
<script type="application/json" id="chart-specs">{specs}</script>
<script>{javascript}</script>
<script>{embed}</script>
</body>
</html>
"""
