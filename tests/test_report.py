"""The HTML report: built from a real warehouse, opened from disk in a real headless Chromium.

Debian's chromium (/usr/bin/chromium, installed by .ci/run) is driven by Playwright through
``executable_path``: Playwright's own browser download cannot work offline.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.connect import connect
from warehouse.load import load
from warehouse.report import (
    CHARTS,
    FALLBACK_PAIR_POSTINGS,
    MIN_PAIR_POSTINGS,
    TOP_PAIRS,
    TOP_SKILLS,
    generate_report,
)

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start, which a closed
# network refuses (and which the no-external-requests assertion would rightly flag).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
RENDER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analysis fixture (every view has rows), loaded as two runs like a real recrawl."""
    db = tmp_path_factory.mktemp("report") / "leadtrends.duckdb"
    skills = FIXTURES / "analysis_skills.jsonl"
    load(db, FIXTURES / "analysis_postings.jsonl", skills, run_id="r1")
    load(db, FIXTURES / "analysis_postings_second.jsonl", skills, run_id="r2")
    return db


@pytest.fixture(scope="module")
def report(warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("report_out")
    return generate_report(warehouse, out / "report.html")


def test_report_draws_every_chart_from_the_analysis_fixture(report) -> None:
    assert report.charts == [chart.name for chart in CHARTS]
    assert report.empty == {}


def test_report_draws_every_analysis(report) -> None:
    # One chart per analysis view or macro; posting_skill_balance is per advert and drawn
    # through skill_balance_by_seniority (docs/REPORT.md).
    assert len(CHARTS) == len({chart.name for chart in CHARTS}) == 12
    drawn_from = " ".join(chart.query for chart in CHARTS)
    for analysis in ("skill_movers_latest", "skill_share(", "skill_balance_by_seniority",
                     "skill_pairs", "experience_trends", "degree_trends", "salary_trends",
                     "coverage", "postings_stock_monthly", "postings_flow", "remote_share",
                     "certification_demand"):
        assert analysis in drawn_from, analysis
    assert {"skill_share", "skill_pairs", "degrees", "open_postings",
            "postings_flow"} <= set(report.charts)


def _rows(warehouse: Path, name: str) -> list[dict]:
    chart = next(chart for chart in CHARTS if chart.name == name)
    with connect(warehouse, read_only=True) as con:
        return con.sql(chart.query).pl().to_dicts()


def test_skill_share_chart_takes_the_most_named_skills(warehouse: Path) -> None:
    rows = _rows(warehouse, "skill_share")
    skills = {row["skill_id"] for row in rows}
    assert 0 < len(skills) <= TOP_SKILLS
    with connect(warehouse, read_only=True) as con:
        totals = dict(con.sql("SELECT skill_id, sum(postings_with_skill) FROM "
                              "skill_share(grain := 'quarter') GROUP BY 1").fetchall())
    left_out = set(totals) - skills
    assert all(totals[s] <= min(totals[k] for k in skills) for s in left_out)
    assert all(row["share_low"] <= row["share"] <= row["share_high"] for row in rows)


def test_skill_pairs_chart_falls_back_to_a_lower_floor_on_a_small_warehouse(
        warehouse: Path) -> None:
    rows = _rows(warehouse, "skill_pairs")
    assert 0 < len(rows) <= TOP_PAIRS
    # The fixture has too few pairs named together in MIN_PAIR_POSTINGS adverts.
    assert {row["min_postings_with_both"] for row in rows} == {FALLBACK_PAIR_POSTINGS}
    assert FALLBACK_PAIR_POSTINGS < MIN_PAIR_POSTINGS
    assert all(row["postings_with_both"] >= FALLBACK_PAIR_POSTINGS and row["lift"] > 1
               for row in rows)
    lifts = [row["lift"] for row in rows]
    assert lifts == sorted(lifts, reverse=True)


def test_report_writes_a_valid_png_of_every_chart_beside_the_html(report) -> None:
    assert [p.stem for p in report.pngs] == report.charts
    for png in report.pngs:
        assert png.parent == report.html.parent / "report_files"
        data = png.read_bytes()
        assert data.startswith(PNG_MAGIC), png
        assert len(data) > 10_000, f"{png} is suspiciously small ({len(data)} bytes)"


def test_report_is_self_contained(report) -> None:
    page = report.html.read_text(encoding="utf-8")
    assert "<script src" not in page
    assert "cdn.jsdelivr" not in page
    assert "vegaEmbed" in page
    assert f'name="leadtrends-chart-count" content="{len(report.charts)}"' in page


def test_report_summary_states_counts_period_sources_and_versions(report, warehouse) -> None:
    page = report.html.read_text(encoding="utf-8")
    with connect(warehouse, read_only=True) as con:
        total, target = con.sql("SELECT count(*), count(*) FILTER (WHERE is_target) "
                                "FROM postings").fetchall()[0]
        sources = [s for (s,) in con.sql("SELECT DISTINCT source FROM postings").fetchall()]
        taxonomy = con.sql("SELECT any_value(taxonomy_version) FROM skills").fetchall()[0][0]
    assert f"<b>{total:,}</b> job adverts" in page
    assert f"<b>{target:,}</b> are technology-leadership roles" in page
    assert all(source in page for source in sources)
    assert taxonomy in page
    assert "Adverts posted <b>" in page and "Last load: r" in page


def test_report_of_an_empty_warehouse_shows_no_data_notes(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    connect(db).close()  # schema and views, no postings
    result = generate_report(db, tmp_path / "report.html", png_dir=tmp_path / "pngs")
    assert result.charts == [] and result.pngs == []
    assert set(result.empty) == {chart.name for chart in CHARTS}
    page = result.html.read_text(encoding="utf-8")
    assert page.count('class="no-data"') == len(CHARTS)
    assert 'content="0"' in page


def test_report_command_writes_html_and_pngs_where_asked(warehouse: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(warehouse, data / "leadtrends.duckdb")
    out = tmp_path / "out" / "trends.html"
    done = subprocess.run(
        [sys.executable, "-m", "leadtrends", "--data-dir", str(data), "report", "-o", str(out),
         "--png-dir", str(tmp_path / "pngs")],
        check=False, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    # Rich wraps the line at the terminal width, wherever the path lengths put the break.
    assert f"{len(CHARTS)} charts" in " ".join(done.stdout.split())
    assert out.is_file()
    assert sorted(p.stem for p in (tmp_path / "pngs").glob("*.png")) == sorted(
        chart.name for chart in CHARTS)


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="Debian's chromium is not installed (/usr/bin/chromium); .ci/run "
                           "installs it with apt-get")
def test_report_renders_every_chart_in_headless_chromium_offline(report, tmp_path: Path) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    console: list[tuple[str, str]] = []
    page_errors: list[str] = []
    requests: list[str] = []
    failed: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda msg: console.append((msg.type, msg.text)))
            page.on("pageerror", lambda exc: page_errors.append(str(exc)))
            page.on("request", lambda req: requests.append(req.url))
            page.on("requestfailed", lambda req: failed.append(req.url))
            page.goto(report.html.resolve().as_uri(), wait_until="load")
            said = int(page.get_attribute('meta[name="leadtrends-chart-count"]', "content"))
            # vega-embed renders asynchronously; the page marks each chart done or failed.
            try:
                page.wait_for_function(
                    """() => [...document.querySelectorAll('[data-chart]')]
                        .every(el => el.hasAttribute('data-rendered'))""",
                    timeout=RENDER_TIMEOUT_MS)
            except PlaywrightTimeout:
                pytest.fail(f"charts still not rendered after {RENDER_TIMEOUT_MS} ms; page "
                            f"errors {page_errors}, console {console}")
            # [name, state, area of the svg/canvas, data marks drawn (legend symbols aside)]
            rendered = page.eval_on_selector_all("[data-chart]", """els => els.map(el => {
                const drawn = el.querySelector('svg, canvas');
                const box = drawn ? drawn.getBoundingClientRect() : {width: 0, height: 0};
                const marks = !drawn ? 0 : drawn.tagName === 'CANVAS' ? 1
                    : [...drawn.querySelectorAll('.mark-line path, .mark-rect path, '
                           + '.mark-area path, .mark-symbol path')]
                        .filter(mark => !mark.closest('.role-legend')).length;
                return [el.getAttribute('data-chart'), el.getAttribute('data-rendered'),
                        box.width * box.height, marks];
            })""")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()

    errors = [text for kind, text in console if kind == "error"]
    assert errors == [], errors
    # Vega logs spec problems (a channel that cannot work, a legend conflict) as warnings.
    vega_warnings = [text for kind, text in console if kind == "warning" and "WARN" in text]
    assert vega_warnings == [], vega_warnings
    assert page_errors == [], page_errors
    assert failed == [], failed
    external = [url for url in requests if not url.startswith(("file://", "data:"))]
    assert external == [], f"the page asked the network for {external}"
    assert said == len(report.charts) == len(rendered)
    assert [name for name, *_ in rendered] == report.charts
    for name, state, area, marks in rendered:
        assert state == "true", f"chart {name} did not render ({state})"
        assert area > 0, f"chart {name} has an empty svg/canvas"
        assert marks > 0, f"chart {name} drew no data marks"
    assert shot.read_bytes().startswith(PNG_MAGIC) and shot.stat().st_size > 50_000
