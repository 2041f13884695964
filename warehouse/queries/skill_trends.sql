-- Skill trends per month, quarter or year. Longer periods sum the monthly numerators and
-- denominators (each posting sits in exactly one month, so the sums are exact); averaging
-- monthly shares would weight a quiet month like a busy one.
WITH

monthly AS (
    SELECT *
    FROM skill_trends_monthly
    WHERE (CAST($skill_id AS VARCHAR) IS NULL OR skill_id = CAST($skill_id AS VARCHAR))
        AND (CAST($family AS VARCHAR) IS NULL OR role_family = CAST($family AS VARCHAR))
        AND (CAST($seniority AS VARCHAR) IS NULL OR seniority = CAST($seniority AS VARCHAR))
),

periods AS (
    SELECT
        CAST(date_trunc(CAST($period AS VARCHAR), month) AS DATE) AS period,
        role_family,
        seniority,
        skill_id,
        skill_name,
        skill_category,
        CAST(sum(postings_with_skill) AS BIGINT) AS postings_with_skill,
        CAST(sum(target_postings) AS BIGINT) AS target_postings
    FROM monthly
    GROUP BY ALL
)

SELECT *, postings_with_skill / target_postings AS share
FROM periods
ORDER BY period, role_family, seniority, skill_id;
