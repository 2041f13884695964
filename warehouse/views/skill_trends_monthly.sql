-- skill_trends_monthly: the share of target postings that mention each skill, per month,
-- role family and seniority, with 'all' rollups. One model, one file; re-applied on every
-- writable connect, so edit this file rather than the database.

CREATE OR REPLACE VIEW skill_trends_monthly AS
WITH

-- The trend population (10_trend_postings.sql): tech-leadership adverts with a known
-- posting date, canonical in their duplicate cluster. An undated advert cannot be placed in
-- a month, and stamping it with the crawl date would pile a backfill into one month.
target_postings AS (
    SELECT posting_key, month, role_family, seniority
    FROM trend_postings
),

-- A posting counts once per skill however often the skill is mentioned.
target_mentions AS (
    SELECT DISTINCT tp.posting_key, tp.month, tp.role_family, tp.seniority, ps.skill_id
    FROM target_postings AS tp
    JOIN posting_skills AS ps USING (posting_key)
),

-- CUBE adds the rollups; GROUPING() tells a rollup's NULL apart from a real value.
denominators AS (
    SELECT
        month,
        CASE WHEN grouping(role_family) = 1 THEN 'all' ELSE role_family END AS role_family,
        CASE WHEN grouping(seniority) = 1 THEN 'all' ELSE seniority END AS seniority,
        count(*) AS target_postings
    FROM target_postings
    GROUP BY month, CUBE (role_family, seniority)
),

numerators AS (
    SELECT
        month,
        CASE WHEN grouping(role_family) = 1 THEN 'all' ELSE role_family END AS role_family,
        CASE WHEN grouping(seniority) = 1 THEN 'all' ELSE seniority END AS seniority,
        skill_id,
        count(DISTINCT posting_key) AS postings_with_skill
    FROM target_mentions
    GROUP BY month, skill_id, CUBE (role_family, seniority)
),

-- Every skill seen in any target posting gets a row in every group that has target
-- postings, so a rising skill shows 0 before it appears and period sums stay complete.
tracked_skills AS (
    SELECT DISTINCT skill_id FROM target_mentions
),

final AS (
    SELECT
        d.month,
        d.role_family,
        d.seniority,
        t.skill_id,
        s.name AS skill_name,
        s.category AS skill_category,
        coalesce(n.postings_with_skill, 0) AS postings_with_skill,
        d.target_postings,
        coalesce(n.postings_with_skill, 0) / d.target_postings AS share
    FROM denominators AS d
    CROSS JOIN tracked_skills AS t
    LEFT JOIN numerators AS n
        ON n.month = d.month
        AND n.role_family = d.role_family
        AND n.seniority = d.seniority
        AND n.skill_id = t.skill_id
    LEFT JOIN skills AS s ON s.skill_id = t.skill_id
)

SELECT * FROM final;

COMMENT ON VIEW skill_trends_monthly IS 'Share of target (tech-leadership) postings mentioning each skill, per month of date_posted, role family and seniority, over the trend population (trend_postings: dated, canonical in their duplicate cluster). Rollup rows use role_family = ''all'' (every target family) and/or seniority = ''all'' (every seniority), so overall trends need no re-aggregation. Skills seen in any target posting have zero rows where not mentioned. Undated postings are left out. To aggregate to longer periods sum postings_with_skill and target_postings, never average share.';
COMMENT ON COLUMN skill_trends_monthly.month IS 'First day of the month of date_posted.';
COMMENT ON COLUMN skill_trends_monthly.role_family IS 'Target role family, or ''all'' for every target family together.';
COMMENT ON COLUMN skill_trends_monthly.seniority IS 'Seniority, ''unknown'' when the extractor could not tell, or ''all'' for every seniority together.';
COMMENT ON COLUMN skill_trends_monthly.skill_id IS 'Taxonomy id of the skill (skills.skill_id).';
COMMENT ON COLUMN skill_trends_monthly.skill_name IS 'Display name of the skill.';
COMMENT ON COLUMN skill_trends_monthly.skill_category IS 'Category of the skill.';
COMMENT ON COLUMN skill_trends_monthly.postings_with_skill IS 'Distinct target postings in the group mentioning the skill (numerator).';
COMMENT ON COLUMN skill_trends_monthly.target_postings IS 'Target postings (dated, canonical) in the month, role family and seniority (denominator).';
COMMENT ON COLUMN skill_trends_monthly.share IS 'postings_with_skill / target_postings.';
