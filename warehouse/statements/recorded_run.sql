-- What a committed load recorded, for a resumed run that finds its load already done.
SELECT r.postings_in, r.postings_new, r.postings_changed, r.postings_unchanged, r.skill_facts,
       r.skills_in, r.skipped_records, r.postings_seen_unchanged, r.postings_closed,
       (SELECT count(*) FROM posting_clusters WHERE NOT is_canonical)::INTEGER
FROM runs AS r
WHERE r.run_id = $run_id;
