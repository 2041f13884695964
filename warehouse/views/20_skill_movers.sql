-- skill_movers(early_start, early_end, late_start, late_end, min_postings := 5): table
-- macro. Emerging and declining skills: each skill's share of trend postings in an early and
-- a late date range, the change, and whether the change is more than noise.
--
--   early_start, early_end, late_start, late_end
--                 inclusive bounds on date_posted (DATEs or 'YYYY-MM-DD' strings). The two
--                 ranges must not overlap (the test needs independent samples) and each
--                 must start on or before its end; otherwise the macro raises an error.
--   min_postings  skills mentioned by fewer postings than this in the two ranges together
--                 are left out: on a handful of adverts any change is noise.
--
-- Rows: skill_id, skill_name, skill_category, early_start, early_end, late_start, late_end,
-- early_postings_with_skill, early_postings, early_share, late_postings_with_skill,
-- late_postings, late_share, share_change (late_share - early_share), z, p_value, rank.
-- z is the pooled two-proportion z statistic (two_proportion_z; positive = growing),
-- p_value its two-sided p-value (two_sided_p, normal approximation: trust it only when
-- each range has a few postings with and without the skill), rank 1 = the strongest riser
-- by z; ORDER BY z for the strongest decliners first. z and p_value are NULL when the
-- skill is in every or in no posting of both ranges. No rows when either range has no
-- trend postings.
--
-- Example: SELECT * FROM skill_movers('2024-01-01', '2024-06-30', '2024-07-01', '2024-12-31')
--          ORDER BY z;

CREATE OR REPLACE MACRO skill_movers(early_start, early_end, late_start, late_end,
                                     min_postings := 5) AS TABLE
WITH

windowed AS (
    SELECT
        posting_key,
        CASE
            WHEN CAST(early_start AS DATE) > CAST(early_end AS DATE)
                OR CAST(late_start AS DATE) > CAST(late_end AS DATE)
                THEN error('skill_movers: a range starts after it ends')
            WHEN CAST(early_start AS DATE) <= CAST(late_end AS DATE)
                AND CAST(late_start AS DATE) <= CAST(early_end AS DATE)
                THEN error('skill_movers: the early and late ranges overlap')
            ELSE date_posted BETWEEN CAST(early_start AS DATE) AND CAST(early_end AS DATE)
        END AS in_early,
        date_posted BETWEEN CAST(late_start AS DATE) AND CAST(late_end AS DATE) AS in_late
    FROM trend_postings
),

totals AS (
    SELECT
        count(*) FILTER (WHERE in_early) AS early_postings,
        count(*) FILTER (WHERE in_late) AS late_postings
    FROM windowed
),

-- A posting counts once per skill however often it mentions it.
mentions AS (
    SELECT DISTINCT w.posting_key, w.in_early, w.in_late, ps.skill_id
    FROM windowed AS w
    JOIN posting_skills AS ps USING (posting_key)
    WHERE w.in_early OR w.in_late
),

counts AS (
    SELECT
        skill_id,
        count(*) FILTER (WHERE in_early) AS early_postings_with_skill,
        count(*) FILTER (WHERE in_late) AS late_postings_with_skill
    FROM mentions
    GROUP BY skill_id
),

tested AS (
    SELECT
        c.skill_id,
        c.early_postings_with_skill,
        t.early_postings,
        c.early_postings_with_skill / t.early_postings AS early_share,
        c.late_postings_with_skill,
        t.late_postings,
        c.late_postings_with_skill / t.late_postings AS late_share,
        two_proportion_z(c.early_postings_with_skill, t.early_postings,
                         c.late_postings_with_skill, t.late_postings) AS z
    FROM counts AS c
    CROSS JOIN totals AS t
    WHERE t.early_postings > 0 AND t.late_postings > 0
        AND c.early_postings_with_skill + c.late_postings_with_skill >= min_postings
),

final AS (
    SELECT
        x.skill_id,
        s.name AS skill_name,
        s.category AS skill_category,
        CAST(early_start AS DATE) AS early_start,
        CAST(early_end AS DATE) AS early_end,
        CAST(late_start AS DATE) AS late_start,
        CAST(late_end AS DATE) AS late_end,
        x.early_postings_with_skill,
        x.early_postings,
        x.early_share,
        x.late_postings_with_skill,
        x.late_postings,
        x.late_share,
        x.late_share - x.early_share AS share_change,
        x.z,
        two_sided_p(x.z) AS p_value,
        row_number() OVER (
            ORDER BY x.z DESC NULLS LAST, x.late_share - x.early_share DESC, x.skill_id
        ) AS rank
    FROM tested AS x
    LEFT JOIN skills AS s ON s.skill_id = x.skill_id
)

SELECT * FROM final
ORDER BY rank;
