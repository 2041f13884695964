-- salary_trends: yearly pay of trend postings (trend_postings.salary_annual), per grain
-- ('quarter' or 'year'; filter on grain), period, currency and seniority ('all' = every
-- seniority). Currencies are never mixed or converted: pick one. Only postings stating
-- pay are counted; quantiles are continuous (interpolated).

CREATE OR REPLACE VIEW salary_trends AS
WITH

paid AS (
    SELECT quarter, year, seniority, coalesce(salary_currency, 'unknown') AS currency,
        salary_annual, salary_origin
    FROM trend_postings
    WHERE salary_annual IS NOT NULL
),

periods AS (
    SELECT 'quarter' AS grain, quarter AS period, * EXCLUDE (quarter, year) FROM paid
    UNION ALL
    SELECT 'year' AS grain, year AS period, * EXCLUDE (quarter, year) FROM paid
),

final AS (
    SELECT
        grain,
        period,
        currency,
        CASE WHEN grouping(seniority) = 1 THEN 'all' ELSE seniority END AS seniority,
        count(*) AS postings_with_salary,
        count(*) FILTER (WHERE salary_origin = 'source') AS postings_salary_from_source,
        count(*) FILTER (WHERE salary_origin = 'text') AS postings_salary_from_text,
        quantile_cont(salary_annual, 0.5) AS median_salary,
        quantile_cont(salary_annual, 0.25) AS p25_salary,
        quantile_cont(salary_annual, 0.75) AS p75_salary
    FROM periods
    GROUP BY GROUPING SETS ((grain, period, currency, seniority), (grain, period, currency))
)

SELECT * FROM final;

COMMENT ON VIEW salary_trends IS 'Yearly pay stated by trend postings, per grain (quarter or year: filter on grain), period, currency and seniority (''all'' = every seniority). Currencies are never converted; quantiles are continuous (interpolated) over postings stating pay.';
COMMENT ON COLUMN salary_trends.grain IS 'quarter or year: the length of period. Filter on it; rows of the two grains overlap.';
COMMENT ON COLUMN salary_trends.period IS 'First day of the quarter or year of date_posted.';
COMMENT ON COLUMN salary_trends.currency IS 'ISO 4217 currency of the pay (unknown when the advert gave none).';
COMMENT ON COLUMN salary_trends.seniority IS 'Seniority, unknown when not graded, or all for every seniority together.';
COMMENT ON COLUMN salary_trends.postings_with_salary IS 'Trend postings in the group stating pay in this currency.';
COMMENT ON COLUMN salary_trends.postings_salary_from_source IS 'Of those, postings whose pay comes from the source''s salary field.';
COMMENT ON COLUMN salary_trends.postings_salary_from_text IS 'Of those, postings whose pay was read from the advert text.';
COMMENT ON COLUMN salary_trends.median_salary IS 'Median of salary_annual (interpolated).';
COMMENT ON COLUMN salary_trends.p25_salary IS 'First quartile of salary_annual (interpolated).';
COMMENT ON COLUMN salary_trends.p75_salary IS 'Third quartile of salary_annual (interpolated).';
