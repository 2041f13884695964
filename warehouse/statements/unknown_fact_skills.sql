-- Facts naming a skill the warehouse does not know: the postings and skills files
-- come from different extract runs, and loading them would break the trend view's joins.
SELECT ps.skill_id, count(*) AS facts, min(ps.posting_key) AS example_posting
FROM posting_skills AS ps
ANTI JOIN skills AS s ON s.skill_id = ps.skill_id
WHERE ps.posting_key IN (SELECT posting_key FROM incoming_postings)
GROUP BY ps.skill_id
ORDER BY ps.skill_id;
