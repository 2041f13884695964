-- certification_demand: the share of trend postings mentioning each certification skill
-- (skills.category = 'certification'), per grain ('month', 'quarter' or 'year'; filter on
-- grain) and period, with the 95 % Wilson interval. Rows of skill_share(grain := ...,
-- by := 'all'), so the same counting rules hold. For "asks for any certification" use
-- posting_skill_balance.certification_skills > 0.

CREATE OR REPLACE VIEW certification_demand AS
WITH

shares AS (
    SELECT * FROM skill_share(grain := 'month')
    UNION ALL
    SELECT * FROM skill_share(grain := 'quarter')
    UNION ALL
    SELECT * FROM skill_share(grain := 'year')
),

final AS (
    SELECT
        grain,
        period,
        skill_id,
        skill_name,
        postings_with_skill,
        postings,
        share,
        share_low,
        share_high
    FROM shares
    WHERE skill_category = 'certification'
)

SELECT * FROM final;

COMMENT ON VIEW certification_demand IS 'Share of trend postings mentioning each certification skill, per grain (month, quarter or year: filter on grain) and period, with a 95 % Wilson interval. Certifications never mentioned in a trend posting have no rows.';
COMMENT ON COLUMN certification_demand.grain IS 'month, quarter or year: the length of period. Filter on it; rows of the grains overlap.';
COMMENT ON COLUMN certification_demand.period IS 'First day of the month, quarter or year of date_posted.';
COMMENT ON COLUMN certification_demand.skill_id IS 'Taxonomy id of the certification (skills.skill_id).';
COMMENT ON COLUMN certification_demand.skill_name IS 'Display name of the certification.';
COMMENT ON COLUMN certification_demand.postings_with_skill IS 'Trend postings in the period mentioning the certification.';
COMMENT ON COLUMN certification_demand.postings IS 'Trend postings in the period.';
COMMENT ON COLUMN certification_demand.share IS 'postings_with_skill / postings.';
COMMENT ON COLUMN certification_demand.share_low IS 'Lower bound of the 95 % Wilson score interval of share.';
COMMENT ON COLUMN certification_demand.share_high IS 'Upper bound of the 95 % Wilson score interval of share.';
