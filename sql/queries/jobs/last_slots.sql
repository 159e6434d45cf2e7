-- The latest slot each job has a row for (any status).
-- params: $1 job names text[]
-- returns: rows (job, slot)
SELECT j.job, r.slot
  FROM unnest($1::text[]) AS j (job)
 CROSS JOIN LATERAL (
       SELECT slot FROM job_runs WHERE job_runs.job = j.job ORDER BY slot DESC LIMIT 1
       ) AS r;
