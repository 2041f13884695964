-- Shared formulas of the analysis layer, as DuckDB scalar macros (expanded inline wherever
-- they are called, so they cost nothing at query time).
--
-- Files in views/ are applied in file-name order on every writable connect, and a view is
-- checked against what exists when it is created, so the prefix says what a file builds on:
--   00_  formulas (this file)          10_  the trend population (trend_postings)
--   20_  models on the population      30_  models built on other models
--   skill_trends_monthly.sql (no prefix) sorts last.
--
-- Macros cannot carry COMMENT ON; each is documented here and in docs/ANALYST_GUIDE.md.
-- Note: in DuckDB 2.0 x / 0 is inf, not NULL, so every share below guards its denominator.

-- periods_per_year(period): how many salary periods make a working year: hour 2080
-- (40 hours x 52 weeks), day 260 (5 x 52), week 52, month 12, year 1; NULL for anything else.
CREATE OR REPLACE MACRO periods_per_year(period) AS
    CASE period
        WHEN 'hour' THEN 2080
        WHEN 'day' THEN 260
        WHEN 'week' THEN 52
        WHEN 'month' THEN 12
        WHEN 'year' THEN 1
    END;

-- wilson_low(k, n) / wilson_high(k, n): bounds of the 95 % Wilson score interval
-- (z = 1.959964) for a share of k successes out of n. Unlike share +- 1.96 x standard error
-- it stays inside [0, 1] and stays honest for small n and for shares near 0 or 1.
-- NULL when n is 0 or NULL.
CREATE OR REPLACE MACRO wilson_low(k, n) AS
    CASE WHEN n > 0 THEN greatest(0.0,
        (k / n + pow(1.959964, 2) / (2 * n)
            - 1.959964 * sqrt(k / n * (1 - k / n) / n + pow(1.959964, 2) / (4 * n * n)))
        / (1 + pow(1.959964, 2) / n))
    END;

CREATE OR REPLACE MACRO wilson_high(k, n) AS
    CASE WHEN n > 0 THEN least(1.0,
        (k / n + pow(1.959964, 2) / (2 * n)
            + 1.959964 * sqrt(k / n * (1 - k / n) / n + pow(1.959964, 2) / (4 * n * n)))
        / (1 + pow(1.959964, 2) / n))
    END;

-- erfc_poly(t): the polynomial of Abramowitz & Stegun 7.1.26 in Horner form; used only by
-- erfc_approx.
CREATE OR REPLACE MACRO erfc_poly(t) AS
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
        + t * (-1.453152027 + t * 1.061405429))));

-- erfc_approx(x): the complementary error function 1 - erf(x), by Abramowitz & Stegun
-- 7.1.26 (absolute error below 1.5e-7). DuckDB has no erf or normal CDF. Computed as
-- erfc directly (not 1 - erf) so small tail probabilities keep their digits.
CREATE OR REPLACE MACRO erfc_approx(x) AS
    CASE
        WHEN x >= 0 THEN erfc_poly(1 / (1 + 0.3275911 * x)) * exp(-x * x)
        ELSE 2 - erfc_poly(1 / (1 - 0.3275911 * x)) * exp(-x * x)
    END;

-- normal_cdf(x): P(Z <= x) for a standard normal Z.
CREATE OR REPLACE MACRO normal_cdf(x) AS 0.5 * erfc_approx(-x / sqrt(2));

-- normal_sf(x): P(Z > x) for a standard normal Z (the upper tail, 1 - normal_cdf(x)).
CREATE OR REPLACE MACRO normal_sf(x) AS 0.5 * erfc_approx(x / sqrt(2));

-- two_sided_p(z): P(|Z| >= |z|), the two-sided p-value of a z statistic; NULL when z is.
CREATE OR REPLACE MACRO two_sided_p(z) AS erfc_approx(abs(z) / sqrt(2));

-- two_proportion_z(k1, n1, k2, n2): pooled two-proportion z statistic for the change from
-- share k1/n1 to share k2/n2 (positive when the second share is larger). NULL when a sample
-- is empty or the pooled share is 0 or 1 (no variation, so no test).
CREATE OR REPLACE MACRO two_proportion_z(k1, n1, k2, n2) AS
    CASE WHEN n1 > 0 AND n2 > 0 AND k1 + k2 > 0 AND k1 + k2 < n1 + n2 THEN
        (k2 / n2 - k1 / n1)
        / sqrt((k1 + k2) / (n1 + n2) * (1 - (k1 + k2) / (n1 + n2)) * (1 / n1 + 1 / n2))
    END;
