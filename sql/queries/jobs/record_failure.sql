-- Record a failed run whose transaction rolled back (its claim went with it). A process that
-- claimed and ran the slot meanwhile keeps its row.
-- params: $1 job text, $2 slot timestamptz, $3 error text, $4 started_at timestamptz
-- returns: nothing
INSERT INTO job_runs (job, slot, started_at, finished_at, status, error)
VALUES ($1, $2, $4, clock_timestamp(), 'failed', $3)
ON CONFLICT (job, slot) DO NOTHING;
