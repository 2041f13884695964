-- Keep the stored version of every advert whose incoming content differs, before the upsert.
INSERT INTO posting_versions
SELECT p.posting_key, p.version, p.content_hash, p.title, p.company, p.location_raw,
       p.date_posted_raw, p.salary_raw, p.description, p.role_family, p.seniority,
       p.pipeline_version, p.first_seen_at, $seen_at, $run_id
FROM postings AS p
JOIN incoming_postings AS i USING (posting_key)
WHERE p.content_hash <> i.content_hash;
