-- posting_skill_balance: how each trend posting splits its skills between technology,
-- leadership, business, soft skills and certifications. One row per trend posting.
-- Counts are of distinct skills (a skill mentioned twice counts once); shares are each
-- category's part of the posting's distinct skills and are NULL for a posting with no
-- skills (0 of 0 is not "no technology"), so avg() over a share skips such postings.

CREATE OR REPLACE VIEW posting_skill_balance AS
WITH

distinct_skills AS (
    SELECT DISTINCT tp.posting_key, ps.skill_id, s.category
    FROM trend_postings AS tp
    JOIN posting_skills AS ps USING (posting_key)
    JOIN skills AS s USING (skill_id)
),

counts AS (
    SELECT
        posting_key,
        count(*) FILTER (WHERE category = 'technical') AS technical_skills,
        count(*) FILTER (WHERE category = 'leadership') AS leadership_skills,
        count(*) FILTER (WHERE category = 'business') AS business_skills,
        count(*) FILTER (WHERE category = 'soft') AS soft_skills,
        count(*) FILTER (WHERE category = 'certification') AS certification_skills,
        count(*) AS total_skills
    FROM distinct_skills
    GROUP BY posting_key
),

final AS (
    SELECT
        tp.posting_key,
        tp.source,
        tp.role_family,
        tp.seniority,
        tp.month,
        tp.quarter,
        tp.year,
        coalesce(c.technical_skills, 0) AS technical_skills,
        coalesce(c.leadership_skills, 0) AS leadership_skills,
        coalesce(c.business_skills, 0) AS business_skills,
        coalesce(c.soft_skills, 0) AS soft_skills,
        coalesce(c.certification_skills, 0) AS certification_skills,
        coalesce(c.total_skills, 0) AS total_skills,
        c.technical_skills / c.total_skills AS technical_share,
        c.leadership_skills / c.total_skills AS leadership_share,
        c.business_skills / c.total_skills AS business_share,
        c.soft_skills / c.total_skills AS soft_share,
        c.certification_skills / c.total_skills AS certification_share
    FROM trend_postings AS tp
    LEFT JOIN counts AS c USING (posting_key)
)

SELECT * FROM final;

COMMENT ON VIEW posting_skill_balance IS 'Per trend posting: how many distinct skills of each category it asks for and what share of its skills each category is. Shares are NULL for postings with no skills, so averages skip them.';
COMMENT ON COLUMN posting_skill_balance.posting_key IS 'The posting (trend_postings.posting_key).';
COMMENT ON COLUMN posting_skill_balance.source IS 'Connector that collected the advert.';
COMMENT ON COLUMN posting_skill_balance.role_family IS 'Role family of the posting.';
COMMENT ON COLUMN posting_skill_balance.seniority IS 'Seniority of the posting (unknown when not graded).';
COMMENT ON COLUMN posting_skill_balance.month IS 'First day of the month of date_posted.';
COMMENT ON COLUMN posting_skill_balance.quarter IS 'First day of the quarter of date_posted.';
COMMENT ON COLUMN posting_skill_balance.year IS 'First day of the year of date_posted.';
COMMENT ON COLUMN posting_skill_balance.technical_skills IS 'Distinct technical skills the posting mentions.';
COMMENT ON COLUMN posting_skill_balance.leadership_skills IS 'Distinct leadership skills the posting mentions.';
COMMENT ON COLUMN posting_skill_balance.business_skills IS 'Distinct business skills the posting mentions.';
COMMENT ON COLUMN posting_skill_balance.soft_skills IS 'Distinct soft skills the posting mentions.';
COMMENT ON COLUMN posting_skill_balance.certification_skills IS 'Distinct certification skills the posting mentions.';
COMMENT ON COLUMN posting_skill_balance.total_skills IS 'Distinct skills the posting mentions, all categories.';
COMMENT ON COLUMN posting_skill_balance.technical_share IS 'technical_skills / total_skills; NULL when total_skills is 0.';
COMMENT ON COLUMN posting_skill_balance.leadership_share IS 'leadership_skills / total_skills; NULL when total_skills is 0.';
COMMENT ON COLUMN posting_skill_balance.business_share IS 'business_skills / total_skills; NULL when total_skills is 0.';
COMMENT ON COLUMN posting_skill_balance.soft_share IS 'soft_skills / total_skills; NULL when total_skills is 0.';
COMMENT ON COLUMN posting_skill_balance.certification_share IS 'certification_skills / total_skills; NULL when total_skills is 0.';
