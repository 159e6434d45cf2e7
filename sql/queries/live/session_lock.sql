-- The running stream session, locked for the rest of the transaction (the per-session lock that
-- serializes contributions, crown checks, heists and the end of the session).
-- params: none
-- returns: one row (session_id, platform, session_title, started_at, offline_since,
--          current_juicernaut_user_id, total_contributions_cents) or none
SELECT session_id, platform, session_title, started_at, offline_since, current_juicernaut_user_id,
       total_contributions_cents
  FROM streaming_sessions
 WHERE is_active
   FOR UPDATE;
