-- Every loaded posting gets its facts from this load only, even when its content is
-- unchanged: a newer extract pipeline may have found different skills in the same text.
DELETE FROM posting_skills
WHERE posting_key IN (SELECT posting_key FROM incoming_postings);
