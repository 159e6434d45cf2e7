-- Stamp the grace-period warning of a session (sent once).
-- params: $1 session_id bigint, $2 now timestamptz
-- returns: nothing
UPDATE streaming_sessions SET grace_warned_at = $2 WHERE session_id = $1;
