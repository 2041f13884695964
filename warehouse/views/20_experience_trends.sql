-- experience_trends: how much experience leadership adverts ask for, per grain ('quarter'
-- or 'year'; filter on grain), period and seniority ('all' = every seniority). Quantiles are
-- continuous (quantile_cont: interpolated between the two middle values), over postings
-- that state a number; postings that state none are counted in postings only.

CREATE OR REPLACE VIEW experience_trends AS
WITH

periods AS (
    SELECT 'quarter' AS grain, quarter AS period, seniority, min_years_experience,
        leadership_years
    FROM trend_postings
    UNION ALL
    SELECT 'year' AS grain, year AS period, seniority, min_years_experience, leadership_years
    FROM trend_postings
),

final AS (
    SELECT
        grain,
        period,
        CASE WHEN grouping(seniority) = 1 THEN 'all' ELSE seniority END AS seniority,
        count(*) AS postings,
        count(min_years_experience) AS postings_with_years,
        quantile_cont(min_years_experience, 0.5) AS median_min_years,
        quantile_cont(min_years_experience, 0.25) AS p25_min_years,
        quantile_cont(min_years_experience, 0.75) AS p75_min_years,
        count(leadership_years) AS postings_with_leadership_years,
        quantile_cont(leadership_years, 0.5) AS median_leadership_years
    FROM periods
    GROUP BY GROUPING SETS ((grain, period, seniority), (grain, period))
)

SELECT * FROM final;

COMMENT ON VIEW experience_trends IS 'Years of experience trend postings ask for, per grain (quarter or year: filter on grain), period and seniority (''all'' = every seniority). Quantiles are continuous (interpolated) and taken over postings stating a number.';
COMMENT ON COLUMN experience_trends.grain IS 'quarter or year: the length of period. Filter on it; rows of the two grains overlap.';
COMMENT ON COLUMN experience_trends.period IS 'First day of the quarter or year of date_posted.';
COMMENT ON COLUMN experience_trends.seniority IS 'Seniority, unknown when not graded, or all for every seniority together.';
COMMENT ON COLUMN experience_trends.postings IS 'Trend postings in the group.';
COMMENT ON COLUMN experience_trends.postings_with_years IS 'Postings stating a minimum number of years of experience.';
COMMENT ON COLUMN experience_trends.median_min_years IS 'Median of min_years_experience over postings stating it (interpolated).';
COMMENT ON COLUMN experience_trends.p25_min_years IS 'First quartile of min_years_experience (interpolated).';
COMMENT ON COLUMN experience_trends.p75_min_years IS 'Third quartile of min_years_experience (interpolated).';
COMMENT ON COLUMN experience_trends.postings_with_leadership_years IS 'Postings explicitly requiring years of supervisory or leadership experience.';
COMMENT ON COLUMN experience_trends.median_leadership_years IS 'Median of leadership_years over postings stating it (interpolated).';
