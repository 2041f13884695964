-- One fact per (posting, skill, offset): the tables carry no index (see migration 0003),
-- so the insert itself drops a mention repeated at the same offset.
INSERT INTO posting_skills BY NAME
SELECT DISTINCT ON (posting_key, skill_id, start_char) *
FROM incoming_skill_facts;
