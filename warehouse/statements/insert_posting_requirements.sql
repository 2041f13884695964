INSERT INTO posting_requirements BY NAME
SELECT * FROM incoming_requirements;

-- A duration repeated at the same offset is one piece of evidence.
INSERT INTO posting_experience BY NAME
SELECT DISTINCT ON (posting_key, start_char) *
FROM incoming_experience;
