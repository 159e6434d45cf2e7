-- The stream went offline: remember since when (the first report wins) and pause the heist timer.
-- params: $1 now timestamptz
-- returns: one row (session_id) or none (no session, or already offline)
WITH s AS (
    UPDATE streaming_sessions
       SET offline_since = $1
     WHERE is_active AND offline_since IS NULL
    RETURNING session_id
), paused AS (
    UPDATE heist_schedule h
       SET paused_at = $1, updated_at = $1
      FROM s
     WHERE h.session_id = s.session_id AND h.paused_at IS NULL
)
SELECT session_id FROM s;
