-- Resolve what a user typed to a skill id: the id itself or the name in any case.
SELECT skill_id
FROM skills
WHERE skill_id = $skill OR lower(name) = lower($skill)
ORDER BY skill_id <> $skill, skill_id;
