-- degree_trends: which degree leadership adverts ask for, per grain ('quarter' or 'year';
-- filter on grain), period, seniority ('all' = every seniority) and lowest accepted degree.
-- Postings that name no degree are the level 'not_stated' (not 'none', which means the
-- advert says no degree is needed). Every level seen anywhere in the trend population gets
-- a row in every group, 0 where absent, so the shares of a group add up to 1.

CREATE OR REPLACE VIEW degree_trends AS
WITH

stated AS (
    SELECT quarter, year, seniority, coalesce(min_degree, 'not_stated') AS min_degree
    FROM trend_postings
),

periods AS (
    SELECT 'quarter' AS grain, quarter AS period, seniority, min_degree FROM stated
    UNION ALL
    SELECT 'year' AS grain, year AS period, seniority, min_degree FROM stated
),

groups AS (
    SELECT
        grain,
        period,
        CASE WHEN grouping(seniority) = 1 THEN 'all' ELSE seniority END AS seniority,
        count(*) AS postings,
        count(*) FILTER (WHERE min_degree <> 'not_stated') AS postings_stating_degree
    FROM periods
    GROUP BY GROUPING SETS ((grain, period, seniority), (grain, period))
),

counts AS (
    SELECT
        grain,
        period,
        CASE WHEN grouping(seniority) = 1 THEN 'all' ELSE seniority END AS seniority,
        min_degree,
        count(*) AS postings_with_degree
    FROM periods
    GROUP BY GROUPING SETS ((grain, period, seniority, min_degree), (grain, period, min_degree))
),

levels AS (
    SELECT DISTINCT min_degree FROM stated
),

final AS (
    SELECT
        g.grain,
        g.period,
        g.seniority,
        l.min_degree,
        CASE l.min_degree
            WHEN 'none' THEN 0 WHEN 'high_school' THEN 1 WHEN 'associate' THEN 2
            WHEN 'bachelor' THEN 3 WHEN 'master' THEN 4 WHEN 'doctorate' THEN 5
        END AS degree_level,
        coalesce(c.postings_with_degree, 0) AS postings_with_degree,
        g.postings,
        g.postings_stating_degree,
        coalesce(c.postings_with_degree, 0) / g.postings AS share,
        CASE WHEN l.min_degree <> 'not_stated'
            THEN coalesce(c.postings_with_degree, 0) / nullif(g.postings_stating_degree, 0)
        END AS share_of_stated
    FROM groups AS g
    CROSS JOIN levels AS l
    LEFT JOIN counts AS c
        ON c.grain = g.grain
        AND c.period = g.period
        AND c.seniority = g.seniority
        AND c.min_degree = l.min_degree
)

SELECT * FROM final;

COMMENT ON VIEW degree_trends IS 'Share of trend postings per lowest accepted degree, per grain (quarter or year: filter on grain), period and seniority (''all'' = every seniority). not_stated = the advert names no degree; none = it says no degree is needed. Shares of a group add up to 1.';
COMMENT ON COLUMN degree_trends.grain IS 'quarter or year: the length of period. Filter on it; rows of the two grains overlap.';
COMMENT ON COLUMN degree_trends.period IS 'First day of the quarter or year of date_posted.';
COMMENT ON COLUMN degree_trends.seniority IS 'Seniority, unknown when not graded, or all for every seniority together.';
COMMENT ON COLUMN degree_trends.min_degree IS 'none, high_school, associate, bachelor, master, doctorate, or not_stated.';
COMMENT ON COLUMN degree_trends.degree_level IS 'Order of min_degree for sorting: none 0, high_school 1, associate 2, bachelor 3, master 4, doctorate 5; NULL for not_stated.';
COMMENT ON COLUMN degree_trends.postings_with_degree IS 'Postings in the group whose lowest accepted degree is min_degree.';
COMMENT ON COLUMN degree_trends.postings IS 'Trend postings in the group.';
COMMENT ON COLUMN degree_trends.postings_stating_degree IS 'Postings in the group that name a degree level (not not_stated).';
COMMENT ON COLUMN degree_trends.share IS 'postings_with_degree / postings.';
COMMENT ON COLUMN degree_trends.share_of_stated IS 'postings_with_degree / postings_stating_degree; NULL for not_stated or when no posting names a degree.';
