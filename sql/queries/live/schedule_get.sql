-- The running session's heist plan.
-- params: none
-- returns: one row (session_id, next_heist_at, paused_at) or none
SELECT h.session_id, h.next_heist_at, h.paused_at
  FROM heist_schedule h
  JOIN streaming_sessions s ON s.session_id = h.session_id AND s.is_active;
