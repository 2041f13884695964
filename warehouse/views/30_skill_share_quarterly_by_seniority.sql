-- skill_share_quarterly_by_seniority: skill_share(grain := 'quarter', by := 'seniority',
-- min_postings := 5) as a view: each skill's share of trend postings per quarter and
-- seniority, with its 95 % Wilson interval; enough_postings flags groups of 5 or more.
-- The every-seniority total is skill_share(grain := 'quarter').

CREATE OR REPLACE VIEW skill_share_quarterly_by_seniority AS
SELECT * FROM skill_share(grain := 'quarter', "by" := 'seniority', min_postings := 5);

COMMENT ON VIEW skill_share_quarterly_by_seniority IS 'Share of trend postings mentioning each skill per quarter of date_posted and seniority, with a 95 % Wilson interval: skill_share(grain := ''quarter'', by := ''seniority'', min_postings := 5). Skills seen in any trend posting have zero rows where not mentioned.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.period IS 'First day of the quarter of date_posted.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.grain IS 'Always quarter.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority."by" IS 'Always seniority.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.group_value IS 'The seniority: individual, lead, manager, director, executive or unknown.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.skill_id IS 'Taxonomy id of the skill (skills.skill_id).';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.skill_name IS 'Display name of the skill.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.skill_category IS 'technical, leadership, business, soft or certification.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.postings_with_skill IS 'Trend postings of the quarter and seniority mentioning the skill (numerator).';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.postings IS 'Trend postings of the quarter and seniority (denominator).';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.share IS 'postings_with_skill / postings.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.share_low IS 'Lower bound of the 95 % Wilson score interval of share.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.share_high IS 'Upper bound of the 95 % Wilson score interval of share.';
COMMENT ON COLUMN skill_share_quarterly_by_seniority.enough_postings IS 'True where the quarter and seniority have at least 5 trend postings; shares on fewer are anecdotes.';
