-- Plan the session's next heist (kept across restarts); a paused timer stays paused.
-- params: $1 session_id bigint, $2 next_heist_at timestamptz, $3 now timestamptz
-- returns: nothing
INSERT INTO heist_schedule (session_id, next_heist_at, created_at, updated_at)
VALUES ($1, $2, $3, $3)
ON CONFLICT (session_id) DO UPDATE
   SET next_heist_at = EXCLUDED.next_heist_at, updated_at = EXCLUDED.updated_at;
