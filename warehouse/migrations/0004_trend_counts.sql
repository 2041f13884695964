-- Counts behind the skill-share and co-occurrence analyses, kept as tables. Computing them
-- from posting_skills on every query took 0.5-1.8 s at 1 M postings / 9 M facts; the load
-- (and reextract) rebuilds them in its transaction (statements/refresh_trend_counts.sql),
-- and the views sum them: monthly counts add up exactly to quarters and years because each
-- posting has one month.

CREATE TABLE trend_group_counts (
    month       DATE    NOT NULL,
    dimension   VARCHAR NOT NULL,
    group_value VARCHAR NOT NULL,
    postings    BIGINT  NOT NULL
);

COMMENT ON TABLE trend_group_counts IS 'Trend postings (see the view trend_postings) per month of date_posted and group, for each dimension skill_share slices by. Rebuilt by every load; read it through skill_share().';
COMMENT ON COLUMN trend_group_counts.month IS 'First day of the month of date_posted.';
COMMENT ON COLUMN trend_group_counts.dimension IS 'The dimension: all, role_family, seniority, country, work_arrangement or source.';
COMMENT ON COLUMN trend_group_counts.group_value IS 'The group within the dimension (''all'' for by = all; country ''unknown'' when not known).';
COMMENT ON COLUMN trend_group_counts.postings IS 'Trend postings of the month in the group.';

CREATE TABLE trend_skill_counts (
    month               DATE    NOT NULL,
    dimension           VARCHAR NOT NULL,
    group_value         VARCHAR NOT NULL,
    skill_id            VARCHAR NOT NULL,
    postings_with_skill BIGINT  NOT NULL
);

COMMENT ON TABLE trend_skill_counts IS 'Trend postings mentioning each skill (a posting counts once per skill) per month and group, for each dimension skill_share slices by. Rebuilt by every load; read it through skill_share().';
COMMENT ON COLUMN trend_skill_counts.month IS 'First day of the month of date_posted.';
COMMENT ON COLUMN trend_skill_counts.dimension IS 'The dimension: all, role_family, seniority, country, work_arrangement or source.';
COMMENT ON COLUMN trend_skill_counts.group_value IS 'The group within the dimension.';
COMMENT ON COLUMN trend_skill_counts.skill_id IS 'The skill (skills.skill_id).';
COMMENT ON COLUMN trend_skill_counts.postings_with_skill IS 'Trend postings of the month in the group that mention the skill.';

CREATE TABLE trend_skill_pair_counts (
    skill_a            VARCHAR NOT NULL,
    skill_b            VARCHAR NOT NULL,
    postings_with_both BIGINT  NOT NULL
);

COMMENT ON TABLE trend_skill_pair_counts IS 'Trend postings mentioning both skills of a pair (skill_a < skill_b by id), over all periods. Rebuilt by every load; read it through the view skill_pairs.';
COMMENT ON COLUMN trend_skill_pair_counts.skill_a IS 'The first skill of the pair (the smaller id).';
COMMENT ON COLUMN trend_skill_pair_counts.skill_b IS 'The second skill of the pair.';
COMMENT ON COLUMN trend_skill_pair_counts.postings_with_both IS 'Trend postings mentioning both.';
