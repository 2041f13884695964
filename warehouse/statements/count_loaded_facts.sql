SELECT count(*) AS skill_facts
FROM posting_skills
WHERE posting_key IN (SELECT posting_key FROM incoming_postings);
