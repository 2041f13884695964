-- Per source, what one load did: adverts it stored first, adverts whose content it changed,
-- adverts it closed (missed too many runs in a row).
WITH new AS (
    SELECT source, count(*) AS n FROM postings WHERE first_run_id = $run_id GROUP BY source
), changed AS (
    SELECT p.source, count(DISTINCT v.posting_key) AS n
    FROM posting_versions AS v
    JOIN postings AS p USING (posting_key)
    WHERE v.superseded_by_run_id = $run_id
    GROUP BY p.source
), closed AS (
    SELECT source, postings_closed AS n FROM source_runs WHERE run_id = $run_id
), sources AS (
    SELECT source FROM new UNION SELECT source FROM changed UNION SELECT source FROM closed
)
SELECT s.source,
       coalesce(new.n, 0)::INTEGER AS new,
       coalesce(changed.n, 0)::INTEGER AS changed,
       coalesce(closed.n, 0)::INTEGER AS closed
FROM sources AS s
LEFT JOIN new USING (source)
LEFT JOIN changed USING (source)
LEFT JOIN closed USING (source)
ORDER BY s.source;
