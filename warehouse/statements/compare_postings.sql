-- How the incoming postings relate to what is stored, taken before the upsert.
SELECT
    count(*) FILTER (WHERE p.posting_key IS NULL) AS postings_new,
    count(*) FILTER (WHERE p.content_hash <> i.content_hash) AS postings_changed,
    count(*) FILTER (WHERE p.content_hash = i.content_hash) AS postings_unchanged
FROM incoming_postings AS i
LEFT JOIN postings AS p ON p.posting_key = i.posting_key;
