-- End the running stream session.
-- params: $1 now timestamptz
-- returns: one row (session_id, started_at, total_contributions_cents) or none if none ran
UPDATE streaming_sessions
   SET is_active = false, ended_at = GREATEST($1, started_at)
 WHERE is_active
RETURNING session_id, started_at, total_contributions_cents;
