-- Lifecycle, after the upsert. A source is in this run when the run brought any of its
-- adverts; its open adverts the run did not bring count one more miss, and those missed
-- $close_after runs in a row are closed. An advert seen again is open again. Only sources
-- whose whole listing was crawled ($every_source, else those in incoming_full_listing) count
-- misses: an incremental crawl brings only what changed.
CREATE OR REPLACE TEMP TABLE run_keys AS
SELECT posting_key FROM incoming_postings
UNION
SELECT posting_key FROM incoming_seen;

CREATE OR REPLACE TEMP TABLE run_sources AS
SELECT p.source, count(*) AS postings_seen
FROM postings AS p
JOIN run_keys USING (posting_key)
GROUP BY p.source;

UPDATE postings
SET missed_runs = 0, closed_at = NULL, closed_run_id = NULL
WHERE posting_key IN (SELECT posting_key FROM run_keys)
  AND (missed_runs <> 0 OR closed_at IS NOT NULL);

CREATE OR REPLACE TEMP TABLE run_missed AS
SELECT posting_key, source, missed_runs + 1 >= $close_after AS closing
FROM postings
WHERE closed_at IS NULL
  AND source IN (SELECT source FROM run_sources)
  AND ($every_source OR source IN (SELECT source FROM incoming_full_listing))
  AND posting_key NOT IN (SELECT posting_key FROM run_keys);

UPDATE postings
SET missed_runs = postings.missed_runs + 1,
    closed_at = CASE WHEN m.closing THEN $seen_at END,
    closed_run_id = CASE WHEN m.closing THEN $run_id END
FROM run_missed AS m
WHERE postings.posting_key = m.posting_key;

INSERT INTO source_runs (run_id, source, postings_seen, postings_missed, postings_closed)
SELECT $run_id, s.source, s.postings_seen,
       count(m.posting_key), count(m.posting_key) FILTER (WHERE m.closing)
FROM run_sources AS s
LEFT JOIN run_missed AS m USING (source)
GROUP BY s.source, s.postings_seen;

DROP TABLE run_keys;
DROP TABLE run_sources;
DROP TABLE run_missed;
