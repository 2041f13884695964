-- skills_with(skill, min_postings := 1): table macro. The skills that travel with one
-- skill in trend postings, ranked by lift, then by how many postings have both, then id.
--
--   skill         a skill id, or a skill name in any letter case ('ITIL', 'itil');
--                 an unknown skill is an error (not an empty answer)
--   min_postings  leave out partners sharing fewer postings than this with the skill
--
-- Rows: skill_id, skill_name, other_skill_id, other_skill_name, other_skill_category,
-- postings_with_both, postings_with_skill, postings_with_other, postings, lift, pmi, rank.
-- lift and pmi as in the view skill_pairs (pmi = natural log of lift).
--
-- Example: SELECT * FROM skills_with('ITIL', min_postings := 2);

CREATE OR REPLACE MACRO skills_with(skill, min_postings := 1) AS TABLE
WITH

-- Like warehouse/queries/skill_id_lookup.sql: an exact id wins over a name match.
chosen AS (
    SELECT skill_id, name
    FROM skills
    WHERE skill_id = skill OR lower(name) = lower(skill)
    ORDER BY skill_id <> skill, skill_id
    LIMIT 1
),

guard AS (
    SELECT CASE WHEN count(*) = 0
        THEN error('skills_with: no skill with id or name ' || skill) END AS failed
    FROM chosen
),

-- Each pair looked at from both ends.
both_ways AS (
    SELECT skill_a AS skill_id, skill_b AS other_skill_id, skill_b_name AS other_skill_name,
        skill_b_category AS other_skill_category, postings_with_both,
        postings_with_a AS postings_with_skill, postings_with_b AS postings_with_other,
        postings, lift, pmi
    FROM skill_pairs
    UNION ALL
    SELECT skill_b, skill_a, skill_a_name, skill_a_category, postings_with_both,
        postings_with_b, postings_with_a, postings, lift, pmi
    FROM skill_pairs
),

final AS (
    SELECT
        c.skill_id,
        c.name AS skill_name,
        w.other_skill_id,
        w.other_skill_name,
        w.other_skill_category,
        w.postings_with_both,
        w.postings_with_skill,
        w.postings_with_other,
        w.postings,
        w.lift,
        w.pmi,
        row_number() OVER (
            ORDER BY w.lift DESC, w.postings_with_both DESC, w.other_skill_id
        ) AS rank
    FROM both_ways AS w
    JOIN chosen AS c USING (skill_id)
    CROSS JOIN guard AS g
    WHERE g.failed IS NULL AND w.postings_with_both >= min_postings
)

SELECT * FROM final
ORDER BY rank;
