-- The stream went offline: start the running session's grace period (kept if already started).
-- params: $1 now timestamptz
-- returns: one row (session_id, offline_since) or none when no session runs
UPDATE streaming_sessions
   SET offline_since = COALESCE(offline_since, $1)
 WHERE is_active
RETURNING session_id, offline_since;
