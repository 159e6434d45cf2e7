-- The running session if its stream is offline (for the grace-period job).
-- params: none
-- returns: one row (session_id, session_title, offline_since, grace_warned_at) or none
SELECT session_id, session_title, offline_since, grace_warned_at
  FROM streaming_sessions
 WHERE is_active AND offline_since IS NOT NULL
   FOR UPDATE;
