-- Adverts crawled again with unchanged content were not re-extracted; they are still live.
UPDATE postings
SET last_seen_at = $seen_at, last_run_id = $run_id
WHERE posting_key IN (SELECT posting_key FROM incoming_seen)
  AND posting_key NOT IN (SELECT posting_key FROM incoming_postings);
