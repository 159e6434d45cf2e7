-- Mark a claimed run finished.
-- params: $1 run_id bigint, $2 status text ('ok' | 'failed'), $3 processed bigint, $4 error text
-- returns: nothing
UPDATE job_runs
   SET status = $2, processed = $3, error = $4, finished_at = clock_timestamp()
 WHERE run_id = $1;
