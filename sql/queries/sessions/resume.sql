-- The stream is back inside the grace period: the running session continues.
-- params: none
-- returns: one row (session_id) or none when no offline session runs
UPDATE streaming_sessions
   SET offline_since = NULL, grace_warned_at = NULL
 WHERE is_active AND offline_since IS NOT NULL
RETURNING session_id;
