INSERT INTO runs (
    run_id, started_at, finished_at, status, postings_file, skills_file, postings_in,
    postings_new, postings_changed, postings_unchanged, skill_facts, skills_in, skipped_records,
    postings_seen_unchanged, postings_closed
)
VALUES (
    $run_id, $started_at, $finished_at, 'succeeded', $postings_file, $skills_file, $postings_in,
    $postings_new, $postings_changed, $postings_unchanged, $skill_facts, $skills_in,
    $skipped_records, $postings_seen_unchanged, $postings_closed
);
