-- skill_pairs: which skills are asked for together. One row per pair of skills that share
-- at least one trend posting (skill_a < skill_b by id, so each pair appears once), over the
-- whole trend population. Pairs that never meet have no row (their lift would be 0 and
-- their PMI minus infinity).
--
-- lift = postings_with_both x postings / (postings_with_a x postings_with_b): how much more
-- often the two meet than if adverts picked skills independently (1 = independent,
-- above 1 = attract, below 1 = avoid). pmi = ln(lift), pointwise mutual information in nats
-- (natural log). Both are noisy for rare skills: filter on postings_with_both.

CREATE OR REPLACE VIEW skill_pairs AS
WITH

-- Counts kept in tables by every load (migration 0004): computing the pairs per query took
-- ~1 s at 1 M postings.
population AS (
    SELECT coalesce(sum(postings), 0) AS postings FROM trend_group_counts WHERE dimension = 'all'
),

skill_counts AS (
    SELECT skill_id, sum(postings_with_skill) AS postings_with_skill
    FROM trend_skill_counts
    WHERE dimension = 'all'
    GROUP BY skill_id
),

pairs AS (
    SELECT skill_a, skill_b, postings_with_both FROM trend_skill_pair_counts
),

final AS (
    SELECT
        p.skill_a,
        sa.name AS skill_a_name,
        sa.category AS skill_a_category,
        p.skill_b,
        sb.name AS skill_b_name,
        sb.category AS skill_b_category,
        p.postings_with_both,
        ca.postings_with_skill AS postings_with_a,
        cb.postings_with_skill AS postings_with_b,
        n.postings,
        CAST(p.postings_with_both * n.postings AS DOUBLE)
            / (ca.postings_with_skill * cb.postings_with_skill) AS lift,
        ln(CAST(p.postings_with_both * n.postings AS DOUBLE)
            / (ca.postings_with_skill * cb.postings_with_skill)) AS pmi
    FROM pairs AS p
    CROSS JOIN population AS n
    JOIN skill_counts AS ca ON ca.skill_id = p.skill_a
    JOIN skill_counts AS cb ON cb.skill_id = p.skill_b
    LEFT JOIN skills AS sa ON sa.skill_id = p.skill_a
    LEFT JOIN skills AS sb ON sb.skill_id = p.skill_b
)

SELECT * FROM final;

COMMENT ON VIEW skill_pairs IS 'Skills asked for together in trend postings: one row per pair sharing at least one posting, skill_a < skill_b by id. lift = postings_with_both * postings / (postings_with_a * postings_with_b), 1 = independent; pmi = ln(lift) (natural log). Noisy for rare skills: filter on postings_with_both. For one skill''s partners use the macro skills_with(skill).';
COMMENT ON COLUMN skill_pairs.skill_a IS 'Id of the first skill of the pair (the smaller id).';
COMMENT ON COLUMN skill_pairs.skill_a_name IS 'Display name of skill_a.';
COMMENT ON COLUMN skill_pairs.skill_a_category IS 'Category of skill_a.';
COMMENT ON COLUMN skill_pairs.skill_b IS 'Id of the second skill of the pair (the larger id).';
COMMENT ON COLUMN skill_pairs.skill_b_name IS 'Display name of skill_b.';
COMMENT ON COLUMN skill_pairs.skill_b_category IS 'Category of skill_b.';
COMMENT ON COLUMN skill_pairs.postings_with_both IS 'Trend postings mentioning both skills.';
COMMENT ON COLUMN skill_pairs.postings_with_a IS 'Trend postings mentioning skill_a.';
COMMENT ON COLUMN skill_pairs.postings_with_b IS 'Trend postings mentioning skill_b.';
COMMENT ON COLUMN skill_pairs.postings IS 'All trend postings (the population the probabilities are taken over).';
COMMENT ON COLUMN skill_pairs.lift IS 'postings_with_both * postings / (postings_with_a * postings_with_b): observed co-occurrence over what independence predicts.';
COMMENT ON COLUMN skill_pairs.pmi IS 'Pointwise mutual information, ln(lift) in nats (natural log); 0 = independent.';
