-- Compare each skill's share in the first and the last window of months of data.
-- A window is capped at half the data's span so the two never overlap.
WITH

monthly AS (
    SELECT month, skill_id, skill_name, skill_category, postings_with_skill, target_postings
    FROM skill_trends_monthly
    WHERE role_family = $family AND seniority = $seniority
),

span AS (
    SELECT
        min(month) AS first_month,
        max(month) AS last_month,
        least(
            CAST($window_months AS INTEGER),
            (datediff('month', min(month), max(month)) + 1) // 2
        ) AS window_months
    FROM monthly
),

windows AS (
    SELECT
        first_month AS early_start,
        CAST(first_month + to_months(window_months - 1) AS DATE) AS early_end,
        CAST(last_month - to_months(window_months - 1) AS DATE) AS late_start,
        last_month AS late_end
    FROM span
    WHERE window_months >= 1
),

per_skill AS (
    SELECT
        m.skill_id,
        any_value(m.skill_name) AS skill_name,
        any_value(m.skill_category) AS skill_category,
        any_value(w.early_start) AS early_start,
        any_value(w.early_end) AS early_end,
        any_value(w.late_start) AS late_start,
        any_value(w.late_end) AS late_end,
        coalesce(sum(m.postings_with_skill) FILTER (WHERE m.month <= w.early_end), 0)
            AS early_postings_with_skill,
        coalesce(sum(m.target_postings) FILTER (WHERE m.month <= w.early_end), 0)
            AS early_target_postings,
        coalesce(sum(m.postings_with_skill) FILTER (WHERE m.month >= w.late_start), 0)
            AS late_postings_with_skill,
        coalesce(sum(m.target_postings) FILTER (WHERE m.month >= w.late_start), 0)
            AS late_target_postings
    FROM monthly AS m
    CROSS JOIN windows AS w
    GROUP BY m.skill_id
),

scored AS (
    SELECT
        skill_id,
        skill_name,
        skill_category,
        early_start,
        early_end,
        late_start,
        late_end,
        CAST(early_postings_with_skill AS BIGINT) AS early_postings_with_skill,
        CAST(early_target_postings AS BIGINT) AS early_target_postings,
        early_postings_with_skill / early_target_postings AS early_share,
        CAST(late_postings_with_skill AS BIGINT) AS late_postings_with_skill,
        CAST(late_target_postings AS BIGINT) AS late_target_postings,
        late_postings_with_skill / late_target_postings AS late_share
    FROM per_skill
    WHERE early_target_postings > 0 AND late_target_postings > 0
        AND early_postings_with_skill + late_postings_with_skill >= $min_postings
)

SELECT *, late_share - early_share AS share_change
FROM scored
WHERE CASE WHEN $direction = 'rising' THEN late_share > early_share
    ELSE late_share < early_share END
ORDER BY
    CASE WHEN $direction = 'rising' THEN early_share - late_share
        ELSE late_share - early_share END,
    skill_id
LIMIT $top;
