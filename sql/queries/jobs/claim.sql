-- Claim one (job, slot) for this process: a transaction-scoped advisory lock on the pair (so a
-- concurrent claimer skips instead of waiting) and the job_runs row (so a finished slot is never
-- run again). Run inside the job's transaction.
-- params: $1 job text, $2 slot timestamptz
-- returns: one row (run_id) when claimed, none when another process has or had it
INSERT INTO job_runs (job, slot, status)
SELECT $1, $2, 'running'
 WHERE pg_try_advisory_xact_lock(hashtextextended($1 || '@' || extract(epoch FROM $2::timestamptz)::text, 0))
ON CONFLICT (job, slot) DO NOTHING
RETURNING run_id;
