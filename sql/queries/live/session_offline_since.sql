-- The running session and since when its stream is offline (grace-period check).
-- params: none
-- returns: one row (session_id, offline_since) or none
SELECT session_id, offline_since FROM streaming_sessions WHERE is_active;
