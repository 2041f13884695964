-- skill_balance_by_seniority: does moving up mean leaving technology behind? The mean
-- category shares of posting_skill_balance per period and seniority. Two grains in one
-- view, told apart by the grain column: 'year' and 'quarter' (filter on it, never sum
-- across it). seniority 'all' is every seniority together.
--
-- Means are over postings with at least one skill (postings_with_skills); each posting
-- weighs the same whatever its number of skills. technical_majority_share is the share of
-- those postings where more than half of the skills are technical.

CREATE OR REPLACE VIEW skill_balance_by_seniority AS
WITH

-- Computed once for both grains (without MATERIALIZED DuckDB evaluates it per reference).
balance AS MATERIALIZED (
    SELECT * FROM posting_skill_balance
),

periods AS (
    SELECT 'year' AS grain, year AS period, * EXCLUDE (month, quarter, year)
    FROM balance
    UNION ALL
    SELECT 'quarter' AS grain, quarter AS period, * EXCLUDE (month, quarter, year)
    FROM balance
),

-- GROUPING SETS add the 'all' rollup; grouping() tells it apart from a real seniority.
grouped AS (
    SELECT
        grain,
        period,
        CASE WHEN grouping(seniority) = 1 THEN 'all' ELSE seniority END AS seniority,
        count(*) AS postings,
        count(technical_share) AS postings_with_skills,
        avg(technical_share) AS mean_technical_share,
        avg(leadership_share) AS mean_leadership_share,
        avg(business_share) AS mean_business_share,
        avg(soft_share) AS mean_soft_share,
        avg(certification_share) AS mean_certification_share,
        count(*) FILTER (WHERE technical_share > 0.5) AS technical_majority_postings
    FROM periods
    GROUP BY GROUPING SETS ((grain, period, seniority), (grain, period))
),

final AS (
    SELECT
        * EXCLUDE (technical_majority_postings),
        technical_majority_postings / nullif(postings_with_skills, 0)
            AS technical_majority_share
    FROM grouped
)

SELECT * FROM final;

COMMENT ON VIEW skill_balance_by_seniority IS 'Mean share of technical, leadership, business, soft and certification skills in trend postings, per grain (year or quarter: filter on grain), period and seniority (''all'' = every seniority). Means are over postings with at least one skill, each posting weighing the same.';
COMMENT ON COLUMN skill_balance_by_seniority.grain IS 'year or quarter: the length of period. Filter on it; rows of the two grains overlap.';
COMMENT ON COLUMN skill_balance_by_seniority.period IS 'First day of the year or quarter of date_posted.';
COMMENT ON COLUMN skill_balance_by_seniority.seniority IS 'Seniority, unknown when not graded, or all for every seniority together.';
COMMENT ON COLUMN skill_balance_by_seniority.postings IS 'Trend postings in the group, with or without skills.';
COMMENT ON COLUMN skill_balance_by_seniority.postings_with_skills IS 'Postings in the group with at least one skill: the base of the means.';
COMMENT ON COLUMN skill_balance_by_seniority.mean_technical_share IS 'Mean over postings of the technical part of their distinct skills.';
COMMENT ON COLUMN skill_balance_by_seniority.mean_leadership_share IS 'Mean over postings of the leadership part of their distinct skills.';
COMMENT ON COLUMN skill_balance_by_seniority.mean_business_share IS 'Mean over postings of the business part of their distinct skills.';
COMMENT ON COLUMN skill_balance_by_seniority.mean_soft_share IS 'Mean over postings of the soft-skill part of their distinct skills.';
COMMENT ON COLUMN skill_balance_by_seniority.mean_certification_share IS 'Mean over postings of the certification part of their distinct skills.';
COMMENT ON COLUMN skill_balance_by_seniority.technical_majority_share IS 'Share of postings_with_skills whose technical share is above 0.5; NULL when no posting has skills.';
