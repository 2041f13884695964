-- Input of duplicate clustering (warehouse/dedupe.py), one row per posting. Streamed in
-- batches and sorted by posting_key in Python: an ORDER BY here would make DuckDB hold
-- every description at once. Text is normalised in Python too: DuckDB's regexp_replace
-- runs at ~20 MB/s here.
SELECT
    posting_key,
    first_seen_at,
    nullif(canonical_url, '') AS canonical_url,
    title,
    company,
    description
FROM postings;
