SELECT coalesce(sum(postings_closed), 0)::INTEGER FROM source_runs WHERE run_id = $run_id;
