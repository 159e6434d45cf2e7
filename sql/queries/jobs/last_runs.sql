-- The latest run of each job, for `kingpin jobs`.
-- params: $1 job names text[]
-- returns: rows (job, slot, started_at, finished_at, status, processed, error)
SELECT j.job, r.slot, r.started_at, r.finished_at, r.status, r.processed, r.error
  FROM unnest($1::text[]) AS j (job)
 CROSS JOIN LATERAL (
       SELECT slot, started_at, finished_at, status, processed, error
         FROM job_runs WHERE job_runs.job = j.job ORDER BY slot DESC LIMIT 1
       ) AS r;
