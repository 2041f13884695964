-- Every loaded posting gets its extraction facts from this load only, even when its content
-- is unchanged: a newer extract pipeline may have read the same text differently.
DELETE FROM posting_skills
WHERE posting_key IN (SELECT posting_key FROM incoming_postings);
DELETE FROM posting_requirements
WHERE posting_key IN (SELECT posting_key FROM incoming_postings);
DELETE FROM posting_experience
WHERE posting_key IN (SELECT posting_key FROM incoming_postings);
