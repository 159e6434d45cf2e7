-- The stream session in progress, if any.
-- params: none
-- returns: one row (session_id, platform, session_title, started_at, current_juicernaut_user_id) or none
SELECT session_id, platform, session_title, started_at, current_juicernaut_user_id
  FROM streaming_sessions
 WHERE is_active;
