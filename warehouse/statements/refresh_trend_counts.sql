-- Rebuild the count tables behind skill_share() and skill_pairs from the trend population
-- (migration 0004). Runs inside the load's and reextract's transactions, after clustering,
-- so the counts always describe the data they are committed with.
DELETE FROM trend_group_counts;
DELETE FROM trend_skill_counts;
DELETE FROM trend_skill_pair_counts;

CREATE OR REPLACE TEMP TABLE counted_postings AS
SELECT
    posting_key,
    month,
    role_family,
    seniority,
    coalesce(country, 'unknown') AS country,
    work_arrangement,
    source
FROM trend_postings;

-- a posting counts once per skill however often it mentions it
CREATE OR REPLACE TEMP TABLE counted_mentions AS
SELECT DISTINCT cp.posting_key, ps.skill_id
FROM counted_postings AS cp
JOIN posting_skills AS ps USING (posting_key);

INSERT INTO trend_group_counts
SELECT
    month,
    CASE WHEN grouping(role_family) = 0 THEN 'role_family'
         WHEN grouping(seniority) = 0 THEN 'seniority'
         WHEN grouping(country) = 0 THEN 'country'
         WHEN grouping(work_arrangement) = 0 THEN 'work_arrangement'
         WHEN grouping(source) = 0 THEN 'source'
         ELSE 'all' END AS dimension,
    coalesce(role_family, seniority, country, work_arrangement, source, 'all') AS group_value,
    count(*) AS postings
FROM counted_postings
GROUP BY GROUPING SETS ((month), (month, role_family), (month, seniority), (month, country),
                        (month, work_arrangement), (month, source));

INSERT INTO trend_skill_counts
SELECT
    cp.month,
    CASE WHEN grouping(cp.role_family) = 0 THEN 'role_family'
         WHEN grouping(cp.seniority) = 0 THEN 'seniority'
         WHEN grouping(cp.country) = 0 THEN 'country'
         WHEN grouping(cp.work_arrangement) = 0 THEN 'work_arrangement'
         WHEN grouping(cp.source) = 0 THEN 'source'
         ELSE 'all' END AS dimension,
    coalesce(cp.role_family, cp.seniority, cp.country, cp.work_arrangement, cp.source, 'all')
        AS group_value,
    cm.skill_id,
    count(*) AS postings_with_skill
FROM counted_mentions AS cm
JOIN counted_postings AS cp USING (posting_key)
GROUP BY GROUPING SETS ((cp.month, cm.skill_id), (cp.month, cp.role_family, cm.skill_id),
                        (cp.month, cp.seniority, cm.skill_id), (cp.month, cp.country, cm.skill_id),
                        (cp.month, cp.work_arrangement, cm.skill_id),
                        (cp.month, cp.source, cm.skill_id));

INSERT INTO trend_skill_pair_counts
SELECT a.skill_id, b.skill_id, count(*)
FROM counted_mentions AS a
JOIN counted_mentions AS b ON b.posting_key = a.posting_key AND a.skill_id < b.skill_id
GROUP BY a.skill_id, b.skill_id;

DROP TABLE counted_postings;
DROP TABLE counted_mentions;
