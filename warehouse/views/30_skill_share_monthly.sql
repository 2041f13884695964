-- skill_share_monthly: skill_share(grain := 'month', by := 'all') as a view: each skill's
-- share of all trend postings per month, with its 95 % Wilson interval. For other grains
-- and slices call the macro skill_share directly.

CREATE OR REPLACE VIEW skill_share_monthly AS
SELECT * FROM skill_share(grain := 'month', "by" := 'all');

COMMENT ON VIEW skill_share_monthly IS 'Share of trend postings mentioning each skill per month of date_posted, with a 95 % Wilson interval: skill_share(grain := ''month'', by := ''all''). Skills seen in any trend posting have zero rows where not mentioned.';
COMMENT ON COLUMN skill_share_monthly.period IS 'First day of the month of date_posted.';
COMMENT ON COLUMN skill_share_monthly.grain IS 'Always month.';
COMMENT ON COLUMN skill_share_monthly."by" IS 'Always all: one group per month.';
COMMENT ON COLUMN skill_share_monthly.group_value IS 'Always all.';
COMMENT ON COLUMN skill_share_monthly.skill_id IS 'Taxonomy id of the skill (skills.skill_id).';
COMMENT ON COLUMN skill_share_monthly.skill_name IS 'Display name of the skill.';
COMMENT ON COLUMN skill_share_monthly.skill_category IS 'technical, leadership, business, soft or certification.';
COMMENT ON COLUMN skill_share_monthly.postings_with_skill IS 'Trend postings in the month mentioning the skill (numerator).';
COMMENT ON COLUMN skill_share_monthly.postings IS 'Trend postings in the month (denominator).';
COMMENT ON COLUMN skill_share_monthly.share IS 'postings_with_skill / postings.';
COMMENT ON COLUMN skill_share_monthly.share_low IS 'Lower bound of the 95 % Wilson score interval of share.';
COMMENT ON COLUMN skill_share_monthly.share_high IS 'Upper bound of the 95 % Wilson score interval of share.';
COMMENT ON COLUMN skill_share_monthly.enough_postings IS 'Always true here (min_postings 1); use skill_share(min_postings := n) to flag thin months.';
