-- open_postings_on(day): table macro. The adverts open at the end of a day (UTC): first
-- stored by a load on or before it and not closed by then (closed_at NULL or after the day).
-- The same rule as postings_stock_monthly, for any day. Every posting, targets or not.
--
--   day  a DATE or 'YYYY-MM-DD' string
--
-- Rows: posting_key, source, title, company, role_family, seniority, is_target,
-- date_posted, first_seen_at, last_seen_at, closed_at; ordered by posting_key.
--
-- Example: SELECT source, count(*) FROM open_postings_on('2025-01-31') WHERE is_target
--          GROUP BY source;

CREATE OR REPLACE MACRO open_postings_on(day) AS TABLE
SELECT
    posting_key,
    source,
    title,
    company,
    role_family,
    seniority,
    is_target,
    date_posted,
    first_seen_at,
    last_seen_at,
    closed_at
FROM postings
WHERE first_seen_at < CAST(day AS DATE) + INTERVAL 1 DAY
    AND (closed_at IS NULL OR closed_at >= CAST(day AS DATE) + INTERVAL 1 DAY)
ORDER BY posting_key;
