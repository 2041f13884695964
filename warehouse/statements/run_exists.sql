SELECT count(*) AS runs FROM runs WHERE run_id = $run_id;
