-- Forget job runs whose slot is older than a cutoff, keeping each job's latest row (the
-- scheduler reads it to know where it left off).
-- params: $1 cutoff timestamptz
-- returns: rows (run_id) deleted
DELETE FROM job_runs r
 WHERE r.slot < $1
   AND r.slot < (SELECT max(l.slot) FROM job_runs l WHERE l.job = r.job)
RETURNING r.run_id;
