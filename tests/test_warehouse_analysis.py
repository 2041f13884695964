"""The analysis layer (warehouse/views/*.sql) on a fixture small enough to count by hand.

The fixture and every number asserted here are in tests/fixtures/warehouse/README.md
("Analysis fixture"). In short: 16 trend postings a01..a16 in 2024, four per quarter, eight
per half year, twelve on board-a and four on board-b; d01 is a10 re-posted on board-b and
is marked a non-canonical duplicate; n01 and n02 are not tech-leadership adverts; u01 has
no posting date.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from leadtrends.model import DEGREES, SENIORITIES, SKILL_CATEGORIES, TARGET_FAMILIES
from warehouse.connect import connect
from warehouse.load import load
from warehouse.trend_counts import refresh_trend_counts

FIXTURES = Path(__file__).parent / "fixtures" / "warehouse"
POSTINGS = FIXTURES / "analysis_postings.jsonl"
SECOND_CRAWL = FIXTURES / "analysis_postings_second.jsonl"
SKILLS = FIXTURES / "analysis_skills.jsonl"

Z95 = 1.959964
TREND_KEYS = {f"board-a:a{n:02d}" for n in (1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 16)} | {
    f"board-b:a{n:02d}" for n in (3, 7, 11, 15)}
TRACKED = {"aws", "budgeting", "communication", "itil", "kubernetes", "people_management",
           "pmp", "python", "stakeholder_management", "vendor_management"}

# d01 is a10 re-posted on board-b: the fixture says so explicitly, after the load.
MARK_DUPLICATE = (FIXTURES / "analysis_clusters.sql").read_text(encoding="utf-8")


def build_analysis_warehouse(db: Path) -> Path:
    """Load the analysis fixture through the real loader and mark d01 as a duplicate."""
    load(db, POSTINGS, SKILLS, run_id="analysis-1")
    with connect(db) as con:
        con.execute(MARK_DUPLICATE)
        refresh_trend_counts(con)
    return db


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysis_warehouse(tmp_path_factory.mktemp("analysis") / "wh.duckdb")


@pytest.fixture(scope="module")
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(warehouse, read_only=True) as connection:
        yield connection


def _rows(con: duckdb.DuckDBPyConnection, sql: str,
          params: dict[str, object] | None = None) -> list[tuple]:
    return con.sql(sql, params=params).fetchall()


def _one(con: duckdb.DuckDBPyConnection, sql: str,
         params: dict[str, object] | None = None) -> tuple:
    rows = _rows(con, sql, params)
    assert len(rows) == 1, rows
    return rows[0]


def _wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = p + Z95 ** 2 / (2 * n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n))
    scale = 1 + Z95 ** 2 / n
    return max(0.0, (centre - half) / scale), min(1.0, (centre + half) / scale)


def _pooled_z(k1: int, n1: int, k2: int, n2: int) -> float:
    pooled = (k1 + k2) / (n1 + n2)
    return (k2 / n2 - k1 / n1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def _normal_sf(x: float) -> float:
    try:
        from scipy.stats import norm  # type: ignore[import-not-found]
    except ImportError:
        return 0.5 * math.erfc(x / math.sqrt(2))
    return float(norm.sf(x))


# ---- the population ----------------------------------------------------------------------

def test_trend_postings_are_the_dated_canonical_targets(con: duckdb.DuckDBPyConnection) -> None:
    keys = {row[0] for row in _rows(con, "SELECT posting_key FROM trend_postings")}
    # n01/n02 are not targets, u01 is undated, d01 is a10's duplicate.
    assert keys == TREND_KEYS


def test_a_posting_without_a_cluster_row_counts_as_canonical(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="analysis-1")
    with connect(db) as con:
        con.execute("DELETE FROM posting_clusters")
        assert _one(con, "SELECT count(*) FROM trend_postings") == (17,)
        assert _one(con, "SELECT target_postings FROM skill_trends_monthly WHERE month = "
                         "DATE '2024-07-01' AND role_family = 'all' AND seniority = 'all' "
                         "LIMIT 1") == (3,)
        con.execute(MARK_DUPLICATE)
        refresh_trend_counts(con)
        keys = {row[0] for row in _rows(con, "SELECT posting_key FROM trend_postings")}
        assert keys == TREND_KEYS
        # skill_trends_monthly counts the same population.
        assert _one(con, "SELECT target_postings FROM skill_trends_monthly WHERE month = "
                         "DATE '2024-07-01' AND role_family = 'all' AND seniority = 'all' "
                         "LIMIT 1") == (2,)


@pytest.mark.parametrize(("key", "arrangement"), [
    ("board-a:a01", "on_site"),   # the advert says so
    ("board-a:a02", "hybrid"),    # the advert's wording wins over the source's remote flag
    ("board-b:a03", "remote"),    # no wording: the source's remote flag
    ("board-a:a05", "unknown"),   # remote = false says nothing about hybrid or on site
    ("board-a:a12", "unknown"),   # nothing at all
])
def test_work_arrangement_prefers_the_wording_then_the_remote_flag(
        con: duckdb.DuckDBPyConnection, key: str, arrangement: str) -> None:
    assert _one(con, "SELECT work_arrangement FROM trend_postings WHERE posting_key = $key",
                {"key": key}) == (arrangement,)


@pytest.mark.parametrize(("key", "salary"), [
    ("board-a:a01", (65000.0, "GBP", "source")),    # 60-70k a year
    ("board-a:a04", (114400.0, "USD", "source")),   # 50-60 an hour x 2080
    ("board-b:a07", (102000.0, "EUR", "source")),   # 8-9k a month x 12
    ("board-a:a08", (75400.0, "GBP", "source")),    # 1400-1500 a week x 52
    ("board-b:a03", (55000.0, "GBP", "text")),      # only in the text
    ("board-a:a13", (143000.0, "GBP", "text")),     # 500-600 a day x 260, from the text
    ("board-b:a15", (85000.0, "GBP", "source")),    # the source's field beats the text
    ("board-a:a05", (None, None, None)),
])
def test_salary_is_annualised_from_the_source_then_the_text(
        con: duckdb.DuckDBPyConnection, key: str, salary: tuple) -> None:
    assert _one(con, "SELECT salary_annual, salary_currency, salary_origin FROM trend_postings "
                     "WHERE posting_key = $key", {"key": key}) == salary


def test_periods_are_first_days_and_requirements_come_along(
        con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "SELECT month, quarter, year, seniority, min_years_experience, "
                     "max_years_experience, leadership_years, min_degree, soc_code "
                     "FROM trend_postings WHERE posting_key = 'board-a:a01'") == (
        date(2024, 1, 1), date(2024, 1, 1), date(2024, 1, 1), "manager", 5.0, 8.0, 2.0,
        "bachelor", "11-3021.00")
    assert _one(con, "SELECT month, quarter, seniority FROM trend_postings "
                     "WHERE posting_key = 'board-a:a12'") == (
        date(2024, 9, 1), date(2024, 7, 1), "unknown")


# ---- formulas ------------------------------------------------------------------------------

@pytest.mark.parametrize(("k", "n"), [(0, 4), (1, 4), (3, 4), (2, 2), (7, 16), (1, 2)])
def test_wilson_bounds_match_python_and_solve_the_score_equation(
        con: duckdb.DuckDBPyConnection, k: int, n: int) -> None:
    low, high = _one(con, "SELECT wilson_low($k, $n), wilson_high($k, $n)", {"k": k, "n": n})
    assert (low, high) == pytest.approx(_wilson(k, n), abs=1e-12)
    # The Wilson bounds are the shares p0 at which the observed share is z standard errors
    # (taken at p0) away: (k/n - p0)^2 = z^2 p0 (1 - p0) / n.
    for bound in (low, high):
        if 0 < bound < 1:
            assert (k / n - bound) ** 2 == pytest.approx(Z95 ** 2 * bound * (1 - bound) / n)
    assert 0 <= low <= k / n <= high <= 1


def test_wilson_bounds_of_no_postings_are_null(con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "SELECT wilson_low(0, 0), wilson_high(0, 0)") == (None, None)


@pytest.mark.parametrize("x", [-4.0, -2.5, -1.959964, -0.5, 0.0, 0.3, 1.0, 1.959964, 2.5,
                               3.5])
def test_normal_tail_matches_the_reference(con: duckdb.DuckDBPyConnection, x: float) -> None:
    sf, cdf, p = _one(con, "SELECT normal_sf($x), normal_cdf($x), two_sided_p($x)", {"x": x})
    reference = _normal_sf(x)
    # Abramowitz-Stegun 7.1.26: |erf error| < 1.5e-7, so the normal tail is within 7.5e-8.
    assert sf == pytest.approx(reference, abs=1e-7)
    assert cdf == pytest.approx(1 - reference, abs=1e-7)
    assert p == pytest.approx(2 * _normal_sf(abs(x)), abs=2e-7)


def test_normal_formulas_hit_known_values(con: duckdb.DuckDBPyConnection) -> None:
    cdf, p, centre = _one(con, "SELECT normal_cdf(1.959964), two_sided_p(1.959964), "
                               "normal_cdf(0)")
    assert cdf == pytest.approx(0.975, abs=1e-6)
    assert p == pytest.approx(0.05, abs=1e-6)
    assert centre == pytest.approx(0.5, abs=1e-9)


def test_periods_per_year(con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "SELECT periods_per_year('hour'), periods_per_year('day'), "
                     "periods_per_year('week'), periods_per_year('month'), "
                     "periods_per_year('year'), periods_per_year('fortnight')") == (
        2080, 260, 52, 12, 1, None)


# ---- skill shares ----------------------------------------------------------------------------

def test_monthly_shares_count_each_posting_once_and_keep_zero_rows(
        con: duckdb.DuckDBPyConnection) -> None:
    january = {row[0]: row[1:] for row in _rows(
        con, "SELECT skill_id, postings_with_skill, postings, share, share_low, share_high "
             "FROM skill_share_monthly WHERE period = DATE '2024-01-01'")}
    assert set(january) == TRACKED  # togaf is in no advert, so it is not tracked
    assert january["itil"][:3] == (2, 2, 1.0)
    assert january["python"][:3] == (1, 2, 0.5)
    assert january["kubernetes"][:3] == (0, 2, 0.0)
    for hits, total, _, low, high in january.values():
        assert (low, high) == pytest.approx(_wilson(hits, total), abs=1e-12)


def test_a_posting_mentioning_a_skill_twice_counts_once(con: duckdb.DuckDBPyConnection) -> None:
    # a09 (July) mentions Kubernetes in two bullets.
    assert _one(con, "SELECT count(*) FROM posting_skills WHERE posting_key = 'board-a:a09' "
                     "AND skill_id = 'kubernetes'") == (2,)
    assert _one(con, "SELECT postings_with_skill, postings FROM skill_share_monthly "
                     "WHERE period = DATE '2024-07-01' AND skill_id = 'kubernetes'") == (2, 2)
    assert _one(con, "SELECT technical_skills, total_skills FROM posting_skill_balance "
                     "WHERE posting_key = 'board-a:a09'") == (2, 3)
    assert _one(con, "SELECT postings_with_both, postings_with_a, postings_with_b "
                     "FROM skill_pairs WHERE skill_a = 'kubernetes' AND skill_b = 'python'") == (
        3, 7, 6)


def test_yearly_shares_over_all_sixteen_postings(con: duckdb.DuckDBPyConnection) -> None:
    year = {row[0]: (row[1], row[2]) for row in _rows(
        con, "SELECT skill_id, postings_with_skill, postings FROM skill_share(grain := 'year')")}
    assert year == {"kubernetes": (7, 16), "itil": (7, 16), "stakeholder_management": (7, 16),
                    "python": (6, 16), "budgeting": (5, 16), "communication": (3, 16),
                    "aws": (2, 16), "pmp": (2, 16), "people_management": (2, 16),
                    "vendor_management": (2, 16)}


def test_quarterly_shares_by_seniority_flag_thin_groups(con: duckdb.DuckDBPyConnection) -> None:
    rows = {(row[0], row[1]): row[2:] for row in _rows(
        con, "SELECT group_value, skill_id, postings_with_skill, postings, enough_postings, "
             "\"by\", grain FROM skill_share_quarterly_by_seniority "
             "WHERE period = DATE '2024-07-01'")}
    assert rows[("manager", "kubernetes")] == (2, 2, False, "seniority", "quarter")
    # a12 has no seniority and no skills: its group exists, with zero rows.
    assert rows[("unknown", "kubernetes")] == (0, 1, False, "seniority", "quarter")
    assert {group for group, _ in rows} == {"manager", "director", "unknown"}


def test_shares_by_source_and_the_min_postings_flag(con: duckdb.DuckDBPyConnection) -> None:
    rows = {row[0]: row[1:] for row in _rows(
        con, "SELECT group_value, postings_with_skill, postings, enough_postings "
             "FROM skill_share(grain := 'year', by := 'source', min_postings := 5) "
             "WHERE skill_id = 'kubernetes'")}
    assert rows == {"board-a": (5, 12, True), "board-b": (2, 4, False)}


@pytest.mark.parametrize(("by", "groups"), [
    ("role_family", {"technology_management", "technical_operations_management"}),
    ("country", {"GB", "US", "DE"}),
    ("work_arrangement", {"remote", "hybrid", "on_site", "unknown"}),
    ("all", {"all"}),
])
def test_every_slice_partitions_the_population(con: duckdb.DuckDBPyConnection, by: str,
                                               groups: set[str]) -> None:
    rows = _rows(con, "SELECT group_value, max(postings) FROM skill_share(grain := 'year', "
                      "by := $by) GROUP BY group_value", {"by": by})
    assert {group for group, _ in rows} == groups
    assert sum(total for _, total in rows) == 16


@pytest.mark.parametrize(("arguments", "message"), [
    ({"grain": "month", "by": "colour"}, "by must be all, role_family"),
    ({"grain": "week", "by": "all"}, "grain must be month, quarter or year"),
])
def test_skill_share_refuses_unknown_arguments(con: duckdb.DuckDBPyConnection,
                                               arguments: dict[str, str], message: str) -> None:
    with pytest.raises(duckdb.Error, match=message):
        _rows(con, "SELECT * FROM skill_share(grain := $grain, by := $by)", arguments)


# ---- movers ------------------------------------------------------------------------------------

HALVES = {"a": date(2024, 1, 1), "b": date(2024, 6, 30), "c": date(2024, 7, 1),
          "d": date(2024, 12, 31)}


def test_movers_between_half_years_with_a_pooled_z_test(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "SELECT skill_id, early_postings_with_skill, early_postings, "
                      "late_postings_with_skill, late_postings, share_change, z, p_value, rank "
                      "FROM skill_movers($a, $b, $c, $d)", HALVES)
    counts = {row[0]: row[1:5] for row in rows}
    # Skills in fewer than 5 postings across both halves are left out.
    assert counts == {"kubernetes": (1, 8, 6, 8), "budgeting": (1, 8, 4, 8),
                      "stakeholder_management": (2, 8, 5, 8), "python": (4, 8, 2, 8),
                      "itil": (6, 8, 1, 8)}
    assert [row[0] for row in rows] == ["kubernetes", "budgeting", "stakeholder_management",
                                        "python", "itil"]
    assert [row[-1] for row in rows] == [1, 2, 3, 4, 5]
    for skill_id, k1, n1, k2, n2, change, z, p_value, _ in rows:
        expected_z = _pooled_z(k1, n1, k2, n2)
        assert change == pytest.approx(k2 / n2 - k1 / n1), skill_id
        assert z == pytest.approx(expected_z, rel=1e-12), skill_id
        assert p_value == pytest.approx(2 * _normal_sf(abs(expected_z)), abs=2e-7), skill_id
    kubernetes = rows[0]
    assert kubernetes[6] == pytest.approx(2.5198, abs=1e-4)
    assert kubernetes[7] == pytest.approx(0.01174, abs=1e-5)


def test_movers_leave_out_rare_skills(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "SELECT skill_id FROM skill_movers($a, $b, $c, $d, min_postings := 7)",
                 HALVES)
    assert {row[0] for row in rows} == {"kubernetes", "stakeholder_management", "itil"}


def test_latest_movers_compare_the_last_half_of_the_span_with_the_first(
        con: duckdb.DuckDBPyConnection) -> None:
    # Twelve months of data: each window is six months.
    windows = _rows(con, "SELECT DISTINCT early_start, early_end, late_start, late_end "
                         "FROM skill_movers_latest")
    assert windows == [(date(2024, 1, 1), date(2024, 6, 30), date(2024, 7, 1),
                        date(2024, 12, 31))]
    latest = _rows(con, "SELECT * FROM skill_movers_latest ORDER BY rank")
    explicit = _rows(con, "SELECT * FROM skill_movers($a, $b, $c, $d) ORDER BY rank", HALVES)
    assert latest == explicit


@pytest.mark.parametrize(("bounds", "message"), [
    ((date(2024, 1, 1), date(2024, 7, 31), date(2024, 7, 1), date(2024, 12, 31)), "overlap"),
    ((date(2024, 6, 1), date(2024, 1, 31), date(2024, 7, 1), date(2024, 12, 31)),
     "starts after it ends"),
])
def test_movers_refuse_bad_ranges(con: duckdb.DuckDBPyConnection, bounds: tuple,
                                  message: str) -> None:
    with pytest.raises(duckdb.Error, match=message):
        _rows(con, "SELECT * FROM skill_movers($a, $b, $c, $d)", dict(zip("abcd", bounds,
                                                                          strict=True)))


# ---- co-occurrence ---------------------------------------------------------------------------

def test_pair_lift_and_pmi(con: duckdb.DuckDBPyConnection) -> None:
    both, a, b, total, lift, pmi = _one(
        con, "SELECT postings_with_both, postings_with_a, postings_with_b, postings, lift, pmi "
             "FROM skill_pairs WHERE skill_a = 'kubernetes' "
             "AND skill_b = 'stakeholder_management'")
    assert (both, a, b, total) == (4, 7, 7, 16)
    assert lift == pytest.approx(4 * 16 / (7 * 7))
    assert pmi == pytest.approx(math.log(4 * 16 / 49))
    assert _rows(con, "SELECT * FROM skill_pairs WHERE skill_a >= skill_b") == []


def test_skills_with_ranks_partners_by_lift_then_count(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "SELECT other_skill_id, postings_with_both, lift, rank "
                      "FROM skills_with('ITIL') ORDER BY rank")
    assert [row[0] for row in rows] == [
        "people_management", "aws", "pmp", "vendor_management",
        # python and communication have the same lift (2*16/42 = 16/21): more postings first
        "python", "communication", "stakeholder_management", "budgeting", "kubernetes"]
    assert rows[0][1:3] == (2, pytest.approx(2 * 16 / (7 * 2)))
    by_id = _rows(con, "SELECT * FROM skills_with('itil') ORDER BY rank")
    assert by_id == _rows(con, "SELECT * FROM skills_with('iTiL') ORDER BY rank")
    frequent = _rows(con, "SELECT other_skill_id FROM skills_with('itil', min_postings := 2) "
                          "ORDER BY rank")
    assert [row[0] for row in frequent] == ["people_management", "python",
                                            "stakeholder_management"]


def test_skills_with_an_unknown_skill_is_an_error(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.Error, match="no skill with id or name cobol"):
        _rows(con, "SELECT * FROM skills_with($skill)", {"skill": "cobol"})


# ---- technology versus business -------------------------------------------------------------

def test_posting_balance_counts_distinct_skills_per_category(
        con: duckdb.DuckDBPyConnection) -> None:
    a01 = _one(con, "SELECT technical_skills, leadership_skills, business_skills, soft_skills, "
                    "certification_skills, total_skills, technical_share, certification_share, "
                    "soft_share FROM posting_skill_balance WHERE posting_key = 'board-a:a01'")
    assert a01[:6] == (1, 0, 0, 1, 1, 3)
    assert a01[6:] == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # No skills: counts 0, shares NULL rather than a fake 0.
    assert _one(con, "SELECT total_skills, technical_share, business_share "
                     "FROM posting_skill_balance WHERE posting_key = 'board-a:a12'") == (
        0, None, None)


def test_balance_by_seniority_per_year(con: duckdb.DuckDBPyConnection) -> None:
    rows = {row[0]: row[1:] for row in _rows(
        con, "SELECT seniority, postings, postings_with_skills, mean_technical_share, "
             "technical_majority_share, mean_leadership_share FROM skill_balance_by_seniority "
             "WHERE grain = 'year' AND period = DATE '2024-01-01'")}
    assert rows["manager"][:2] == (7, 7)
    assert rows["manager"][2:4] == pytest.approx((0.5, 3 / 7))
    assert rows["director"][2:5] == pytest.approx((0.3, 0.0, 0.25))
    assert rows["executive"][2] == pytest.approx(0.0)
    assert rows["all"][:2] == (16, 15)
    assert rows["all"][2:4] == pytest.approx((5.5 / 15, 3 / 15))
    assert rows["unknown"] == (1, 0, None, None, None)


# ---- requirements --------------------------------------------------------------------------

def test_experience_quantiles(con: duckdb.DuckDBPyConnection) -> None:
    rows = {row[0]: row[1:] for row in _rows(
        con, "SELECT seniority, postings, postings_with_years, median_min_years, p25_min_years, "
             "p75_min_years, median_leadership_years FROM experience_trends "
             "WHERE grain = 'year'")}
    assert rows["all"] == (16, 15, 6.0, 5.0, 10.0, 5.0)
    # Managers 3, 4, 5, 5, 5, 5, 6: the interpolated first quartile is 4.5.
    assert rows["manager"][2:5] == (5.0, 4.5, 5.0)
    assert rows["director"][2:] == (10.0, 10.0, 10.0, 5.0)
    quarters = _rows(con, "SELECT period, postings FROM experience_trends "
                          "WHERE grain = 'quarter' AND seniority = 'all' ORDER BY period")
    assert quarters == [(date(2024, m, 1), 4) for m in (1, 4, 7, 10)]


def test_degree_shares(con: duckdb.DuckDBPyConnection) -> None:
    rows = {row[0]: row[1:] for row in _rows(
        con, "SELECT min_degree, postings_with_degree, postings, share, share_of_stated "
             "FROM degree_trends WHERE grain = 'year' AND seniority = 'all'")}
    assert set(rows) == {"none", "bachelor", "master", "not_stated"}
    assert rows["bachelor"] == (8, 16, 0.5, pytest.approx(8 / 14))
    assert rows["master"][:2] == (5, 16)
    assert rows["not_stated"] == (2, 16, 0.125, None)
    sums = _rows(con, "SELECT grain, period, seniority, sum(share) FROM degree_trends "
                      "GROUP BY ALL")
    assert all(total == pytest.approx(1.0) for *_, total in sums)


def test_certification_demand_per_quarter(con: duckdb.DuckDBPyConnection) -> None:
    rows = {(row[0], row[1]): row[2:] for row in _rows(
        con, "SELECT period, skill_id, postings_with_skill, postings, share_low, share_high "
             "FROM certification_demand WHERE grain = 'quarter'")}
    assert {skill for _, skill in rows} == {"itil", "pmp"}
    itil_q1 = rows[(date(2024, 1, 1), "itil")]
    assert itil_q1[:2] == (3, 4)
    assert itil_q1[2:] == pytest.approx(_wilson(3, 4))
    assert rows[(date(2024, 10, 1), "itil")][:2] == (0, 4)


def test_salary_quantiles_per_currency(con: duckdb.DuckDBPyConnection) -> None:
    rows = {(row[0], row[1]): row[2:] for row in _rows(
        con, "SELECT currency, seniority, postings_with_salary, postings_salary_from_text, "
             "median_salary, p25_salary, p75_salary FROM salary_trends WHERE grain = 'year'")}
    assert rows[("GBP", "all")] == (11, 2, 100000.0, 75200.0, 131500.0)
    assert rows[("GBP", "director")][2] == 115000.0
    assert rows[("GBP", "manager")][2] == 70000.0
    assert rows[("USD", "manager")][2] == 122200.0
    assert rows[("EUR", "director")][:3] == (1, 0, 102000.0)


def test_remote_shares(con: duckdb.DuckDBPyConnection) -> None:
    year = _one(con, "SELECT postings, remote_postings, hybrid_postings, on_site_postings, "
                     "unknown_postings, remote_share, hybrid_share, on_site_share, unknown_share "
                     "FROM remote_share WHERE grain = 'year'")
    assert year == (16, 4, 6, 4, 2, 0.25, 0.375, 0.25, 0.125)
    sums = _rows(con, "SELECT remote_share + hybrid_share + on_site_share + unknown_share "
                      "FROM remote_share")
    assert all(total == pytest.approx(1.0) for (total,) in sums)


# ---- coverage and lifecycle -------------------------------------------------------------------

def test_coverage_shows_each_sources_part_of_a_month(con: duckdb.DuckDBPyConnection) -> None:
    july = {row[0]: row[1:] for row in _rows(
        con, "SELECT source, postings, target_postings, trend_postings, share_of_month_postings, "
             "share_of_month_trend_postings, sources_in_month FROM coverage "
             "WHERE month = DATE '2024-07-01'")}
    # d01 is board-b's July posting: a target, but a duplicate, so no trend posting.
    assert july == {"board-a": (2, 2, 2, pytest.approx(2 / 3), 1.0, 2),
                    "board-b": (1, 1, 0, pytest.approx(1 / 3), 0.0, 2)}
    # n01 is loaded (and counted) in March but is no target.
    assert _one(con, "SELECT postings, target_postings FROM coverage "
                     "WHERE month = DATE '2024-03-01'") == (2, 1)
    totals = _one(con, "SELECT sum(postings), sum(trend_postings) FROM coverage")
    assert totals == (19, 16)  # 20 loaded, u01 undated


def _month(moment: datetime) -> date:
    return moment.date().replace(day=1)


def test_flow_and_stock_after_a_posting_disappears(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    load(db, SECOND_CRAWL, SKILLS, run_id="run-2", close_after=1)
    with connect(db, read_only=True) as con:
        starts = dict(_rows(con, "SELECT run_id, started_at FROM runs"))
        first, second = _month(starts["run-1"]), _month(starts["run-2"])
        assert _one(con, "SELECT closed_at FROM postings WHERE posting_key = 'board-a:a08'") == (
            starts["run-2"],)
        flow = {(row[0], row[1]): row[2:] for row in _rows(
            con, "SELECT month, source, new_postings, closed_postings, new_target_postings, "
                 "closed_target_postings FROM postings_flow")}
        stock = {(row[0], row[1]): row[2:] for row in _rows(
            con, "SELECT month, source, open_postings, open_target_postings "
                 "FROM postings_stock_monthly")}
        open_now = {row[0] for row in _rows(
            con, "SELECT posting_key FROM open_postings_on($day)",
            {"day": starts["run-2"].date()})}
        open_before = _rows(con, "SELECT * FROM open_postings_on($day)",
                            {"day": starts["run-1"].date() - timedelta(days=1)})
    expected: Counter[tuple[date, str, str]] = Counter()
    expected[(first, "board-a", "new")] += 13  # 12 targets + n01
    expected[(first, "board-b", "new")] += 7   # 6 targets (u01 and d01 too) + n02
    expected[(second, "board-a", "closed")] += 1
    assert {key: (new, closed) for key, (new, closed, _, _) in flow.items()} == {
        (month, source): (expected[(month, source, "new")], expected[(month, source, "closed")])
        for month, source, _ in expected}
    assert flow[(second, "board-a")][3] == 1  # a08 is a target
    assert stock[(second, "board-a")] == (12, 11)
    assert stock[(second, "board-b")] == (7, 6)
    assert len(open_now) == 19 and "board-a:a08" not in open_now
    assert open_before == []


def test_stock_follows_the_flow_across_months(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    load(db, POSTINGS, SKILLS, run_id="run-1")
    with connect(db) as con:
        # Give the lifecycle fixed dates: board-a's a01/a02 stored in January, the rest of
        # board-a in February, board-b in March; a01 closed at the very start of March,
        # a02 in April; the latest load in May.
        con.execute("""
            UPDATE postings SET
                first_seen_at = CASE
                    WHEN posting_key IN ('board-a:a01', 'board-a:a02')
                        THEN TIMESTAMP '2024-01-15 06:00:00'
                    WHEN source = 'board-a' THEN TIMESTAMP '2024-02-10 06:00:00'
                    ELSE TIMESTAMP '2024-03-05 06:00:00' END,
                last_seen_at = TIMESTAMP '2024-05-02 06:00:00',
                closed_at = CASE posting_key
                    WHEN 'board-a:a01' THEN TIMESTAMP '2024-03-01 00:00:00'
                    WHEN 'board-a:a02' THEN TIMESTAMP '2024-04-20 06:00:00' END
        """)
        stock = _rows(con, "SELECT month, month_end, open_postings FROM postings_stock_monthly "
                           "WHERE source = 'board-a' ORDER BY month")
        board_b = _rows(con, "SELECT month, open_postings FROM postings_stock_monthly "
                             "WHERE source = 'board-b' ORDER BY month")
        flow = {row[0]: row[1] for row in _rows(
            con, "SELECT month, net_change FROM postings_flow WHERE source = 'board-a'")}
        open_feb_end = {row[0] for row in _rows(
            con, "SELECT posting_key FROM open_postings_on('2024-02-29')")}
        open_mar_1 = {row[0] for row in _rows(
            con, "SELECT posting_key FROM open_postings_on(DATE '2024-03-01')")}
    assert stock == [(date(2024, 1, 1), date(2024, 1, 31), 2),
                     (date(2024, 2, 1), date(2024, 2, 29), 13),
                     (date(2024, 3, 1), date(2024, 3, 31), 12),
                     (date(2024, 4, 1), date(2024, 4, 30), 11),
                     (date(2024, 5, 1), date(2024, 5, 31), 11)]
    assert board_b == [(date(2024, m, 1), 7) for m in (3, 4, 5)]
    previous = 0
    for month, _, open_postings in stock:
        assert open_postings == previous + flow.get(month, 0), month
        previous = open_postings
    # Closed at 00:00 on 1 March: still open at the end of February, gone by the end of 1 March.
    assert "board-a:a01" in open_feb_end
    assert "board-a:a01" not in open_mar_1
    # board-b's adverts were first stored on 5 March.
    assert len(open_feb_end) == 13 and len(open_mar_1) == 12


# ---- schema tests in the dbt spirit ------------------------------------------------------------

UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "trend_postings": ("posting_key",),
    "skill_share_monthly": ("period", "group_value", "skill_id"),
    "skill_share_quarterly_by_seniority": ("period", "group_value", "skill_id"),
    "skill_movers_latest": ("skill_id",),
    "skill_pairs": ("skill_a", "skill_b"),
    "posting_skill_balance": ("posting_key",),
    "skill_balance_by_seniority": ("grain", "period", "seniority"),
    "experience_trends": ("grain", "period", "seniority"),
    "degree_trends": ("grain", "period", "seniority", "min_degree"),
    "certification_demand": ("grain", "period", "skill_id"),
    "salary_trends": ("grain", "period", "currency", "seniority"),
    "remote_share": ("grain", "period"),
    "coverage": ("month", "source"),
    "postings_flow": ("month", "source"),
    "postings_stock_monthly": ("month", "source"),
    "skill_trends_monthly": ("month", "role_family", "seniority", "skill_id"),
}

NOT_NULL: dict[str, tuple[str, ...]] = {
    "trend_postings": ("posting_key", "source", "title", "work_arrangement", "role_family",
                       "seniority", "date_posted", "month", "quarter", "year"),
    "skill_share_monthly": ("period", "grain", "by", "group_value", "skill_id", "skill_name",
                            "skill_category", "postings_with_skill", "postings", "share",
                            "share_low", "share_high", "enough_postings"),
    "skill_movers_latest": ("skill_id", "skill_name", "early_start", "early_end", "late_start",
                            "late_end", "early_share", "late_share", "share_change", "rank"),
    "skill_pairs": ("skill_a", "skill_b", "skill_a_name", "skill_b_name", "postings_with_both",
                    "postings_with_a", "postings_with_b", "postings", "lift", "pmi"),
    "posting_skill_balance": ("posting_key", "technical_skills", "leadership_skills",
                              "business_skills", "soft_skills", "certification_skills",
                              "total_skills"),
    "skill_balance_by_seniority": ("grain", "period", "seniority", "postings",
                                   "postings_with_skills"),
    "experience_trends": ("grain", "period", "seniority", "postings", "postings_with_years"),
    "degree_trends": ("grain", "period", "seniority", "min_degree", "postings_with_degree",
                      "postings", "share"),
    "certification_demand": ("grain", "period", "skill_id", "postings_with_skill", "postings",
                             "share", "share_low", "share_high"),
    "salary_trends": ("grain", "period", "currency", "seniority", "postings_with_salary",
                      "median_salary"),
    "remote_share": ("grain", "period", "postings", "remote_share", "hybrid_share",
                     "on_site_share", "unknown_share"),
    "coverage": ("month", "source", "postings", "target_postings", "trend_postings",
                 "share_of_month_postings", "sources_in_month"),
    "postings_flow": ("month", "source", "new_postings", "closed_postings", "net_change"),
    "postings_stock_monthly": ("month", "month_end", "source", "open_postings",
                               "open_target_postings"),
}


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


@pytest.mark.parametrize("view", UNIQUE_KEYS)
def test_view_key_is_unique(con: duckdb.DuckDBPyConnection, view: str) -> None:
    # Identifiers cannot be bound parameters; these come from the constant table above.
    key = ", ".join(_quoted(c) for c in UNIQUE_KEYS[view])
    assert _one(con, f"SELECT count(*) FROM {_quoted(view)}")[0] > 0, view
    assert _rows(con, f"SELECT {key}, count(*) FROM {_quoted(view)} GROUP BY ALL "
                      f"HAVING count(*) > 1") == []


@pytest.mark.parametrize("view", NOT_NULL)
def test_view_columns_are_never_null(con: duckdb.DuckDBPyConnection, view: str) -> None:
    nulls = {column: _one(con, f"SELECT count(*) FROM {_quoted(view)} "
                               f"WHERE {_quoted(column)} IS NULL")[0]
             for column in NOT_NULL[view]}
    assert {column: n for column, n in nulls.items() if n} == {}


ACCEPTED_VALUES: dict[str, tuple[str, tuple[str | None, ...]]] = {
    "trend_postings.role_family": (
        "SELECT DISTINCT role_family FROM trend_postings", TARGET_FAMILIES),
    "trend_postings.seniority": (
        "SELECT DISTINCT seniority FROM trend_postings", (*SENIORITIES, "unknown")),
    "trend_postings.work_arrangement": (
        "SELECT DISTINCT work_arrangement FROM trend_postings",
        ("remote", "hybrid", "on_site", "unknown")),
    "trend_postings.salary_origin": (
        "SELECT DISTINCT salary_origin FROM trend_postings", ("source", "text", None)),
    "trend_postings.min_degree": (
        "SELECT DISTINCT min_degree FROM trend_postings", (*DEGREES, None)),
    "posting_requirements.min_degree": (
        "SELECT DISTINCT min_degree FROM posting_requirements", (*DEGREES, None)),
    "skills.category": ("SELECT DISTINCT category FROM skills", SKILL_CATEGORIES),
    "skill_share_monthly.skill_category": (
        "SELECT DISTINCT skill_category FROM skill_share_monthly", SKILL_CATEGORIES),
    "skill_balance_by_seniority.seniority": (
        "SELECT DISTINCT seniority FROM skill_balance_by_seniority",
        (*SENIORITIES, "unknown", "all")),
    "degree_trends.min_degree": (
        "SELECT DISTINCT min_degree FROM degree_trends", (*DEGREES, "not_stated")),
    "certification_demand category": (
        "SELECT DISTINCT s.category FROM certification_demand JOIN skills AS s USING (skill_id)",
        ("certification",)),
    "grains": (
        ("SELECT DISTINCT grain FROM skill_balance_by_seniority UNION "
         "SELECT DISTINCT grain FROM experience_trends UNION "
         "SELECT DISTINCT grain FROM degree_trends UNION "
         "SELECT DISTINCT grain FROM salary_trends UNION "
         "SELECT DISTINCT grain FROM remote_share UNION "
         "SELECT DISTINCT grain FROM certification_demand"),
        ("month", "quarter", "year")),
}


@pytest.mark.parametrize("column", ACCEPTED_VALUES)
def test_columns_hold_accepted_values(con: duckdb.DuckDBPyConnection, column: str) -> None:
    sql, accepted = ACCEPTED_VALUES[column]
    found = {row[0] for row in _rows(con, sql)}
    assert found, column
    assert found <= set(accepted)


RELATIONSHIPS = {
    "every fact names a known skill":
        "SELECT skill_id FROM posting_skills ANTI JOIN skills USING (skill_id)",
    "every fact belongs to a stored posting":
        "SELECT posting_key FROM posting_skills ANTI JOIN postings USING (posting_key)",
    "every requirements row belongs to a stored posting":
        "SELECT posting_key FROM posting_requirements ANTI JOIN postings USING (posting_key)",
    "every experience row belongs to a stored posting":
        "SELECT posting_key FROM posting_experience ANTI JOIN postings USING (posting_key)",
    "every cluster row belongs to a stored posting":
        "SELECT posting_key FROM posting_clusters ANTI JOIN postings USING (posting_key)",
    "every trend posting is a stored target posting":
        "SELECT posting_key FROM trend_postings ANTI JOIN "
        "(SELECT posting_key FROM postings WHERE is_target) USING (posting_key)",
    "every share row names a known skill":
        "SELECT skill_id FROM skill_share_monthly ANTI JOIN skills USING (skill_id)",
    "every pair names known skills":
        "SELECT skill_a FROM skill_pairs WHERE skill_a NOT IN (SELECT skill_id FROM skills) "
        "OR skill_b NOT IN (SELECT skill_id FROM skills)",
    "every balance row is a trend posting":
        "SELECT posting_key FROM posting_skill_balance ANTI JOIN trend_postings "
        "USING (posting_key)",
    "shares lie inside their Wilson interval, inside [0, 1]":
        "SELECT * FROM skill_share(grain := 'quarter', by := 'role_family') "
        "WHERE NOT (0 <= share_low AND share_low <= share AND share <= share_high "
        "AND share_high <= 1)",
}


@pytest.mark.parametrize("rule", RELATIONSHIPS)
def test_relationships_hold(con: duckdb.DuckDBPyConnection, rule: str) -> None:
    assert _rows(con, RELATIONSHIPS[rule]) == []


def test_every_view_and_macro_answers_on_an_empty_warehouse(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    load(db, empty, SKILLS, run_id="run-1")
    with connect(db, read_only=True) as con:
        views = [row[0] for row in _rows(
            con, "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1")]
        assert set(UNIQUE_KEYS) <= set(views)
        for view in views:
            assert _rows(con, f"SELECT * FROM {_quoted(view)}") == [], view
        for call in ("skill_share(grain := 'year', by := 'seniority')",
                     "skill_movers('2024-01-01', '2024-06-30', '2024-07-01', '2024-12-31')",
                     "open_postings_on('2024-12-31')"):
            assert _rows(con, "SELECT * FROM " + call) == [], call
