-- skill_share(grain := 'month', by := 'all', min_postings := 1): table macro. The share of
-- trend postings that mention each skill, per period and group, with a 95 % Wilson interval.
--
--   grain         'month', 'quarter' or 'year' (periods of date_posted)
--   by            the slice: 'all' (one group, group_value 'all'), 'role_family',
--                 'seniority', 'country' (NULL country -> 'unknown'), 'work_arrangement'
--                 or 'source'
--   min_postings  enough_postings is true where the group's period has at least this many
--                 postings; rows below it are kept (filter on enough_postings), so a
--                 chart can grey them out rather than lose them.
--
-- Rows: period, grain, by, group_value, skill_id, skill_name, skill_category,
-- postings_with_skill, postings, share, share_low, share_high, enough_postings.
-- One row per (period, group_value, skill_id). Every skill mentioned in any trend posting
-- has a row in every group with postings, 0 where not mentioned, so a rising skill shows 0
-- before it appears. A posting counts once per skill however often it mentions it.
-- A grain or by outside the lists above is an error.
--
-- Example: SELECT * FROM skill_share(grain := 'quarter', by := 'seniority')
--          WHERE skill_id = 'kubernetes' AND enough_postings;

CREATE OR REPLACE MACRO skill_share(grain := 'month', "by" := 'all', min_postings := 1) AS TABLE
WITH

-- The monthly counts are kept in tables by every load (migration 0004); a quarter or a
-- year is the sum of its months, exact because each posting has one month.
chosen AS (
    SELECT
        CASE WHEN grain IN ('month', 'quarter', 'year') THEN grain
             ELSE error('skill_share: grain must be month, quarter or year, got ' || grain)
        END AS period_grain,
        CASE WHEN "by" IN ('all', 'role_family', 'seniority', 'country', 'work_arrangement',
                           'source') THEN "by"
             ELSE error('skill_share: by must be all, role_family, seniority, country, '
                        || 'work_arrangement or source, got ' || "by")
        END AS chosen_dimension
),

denominators AS (
    SELECT CAST(date_trunc(c.period_grain, g.month) AS DATE) AS period, g.group_value,
           sum(g.postings) AS postings
    FROM trend_group_counts AS g
    JOIN chosen AS c ON g.dimension = c.chosen_dimension
    GROUP BY ALL
),

numerators AS (
    SELECT CAST(date_trunc(c.period_grain, k.month) AS DATE) AS period, k.group_value, k.skill_id,
           sum(k.postings_with_skill) AS postings_with_skill
    FROM trend_skill_counts AS k
    JOIN chosen AS c ON k.dimension = c.chosen_dimension
    GROUP BY ALL
),

tracked_skills AS (
    SELECT DISTINCT skill_id FROM trend_skill_counts WHERE dimension = 'all'
),

counted AS (
    SELECT
        d.period,
        d.group_value,
        t.skill_id,
        coalesce(n.postings_with_skill, 0) AS postings_with_skill,
        d.postings
    FROM denominators AS d
    CROSS JOIN tracked_skills AS t
    LEFT JOIN numerators AS n
        ON n.period = d.period
        AND n.group_value = d.group_value
        AND n.skill_id = t.skill_id
),

final AS (
    SELECT
        c.period,
        grain AS grain,
        "by" AS "by",
        c.group_value,
        c.skill_id,
        s.name AS skill_name,
        s.category AS skill_category,
        c.postings_with_skill,
        c.postings,
        c.postings_with_skill / c.postings AS share,
        wilson_low(c.postings_with_skill, c.postings) AS share_low,
        wilson_high(c.postings_with_skill, c.postings) AS share_high,
        c.postings >= min_postings AS enough_postings
    FROM counted AS c
    LEFT JOIN skills AS s ON s.skill_id = c.skill_id
)

SELECT * FROM final
ORDER BY period, group_value, skill_id;
