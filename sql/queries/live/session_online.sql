-- The stream is back: clear offline_since and resume the heist timer where it paused
-- (the next heist moves later by the time spent offline).
-- params: $1 now timestamptz
-- returns: one row (session_id, offline_seconds double precision) or none (no session or not offline)
WITH s AS (
    SELECT session_id, offline_since
      FROM streaming_sessions
     WHERE is_active AND offline_since IS NOT NULL
       FOR UPDATE
), cleared AS (
    UPDATE streaming_sessions t
       SET offline_since = NULL
      FROM s
     WHERE t.session_id = s.session_id
), resumed AS (
    UPDATE heist_schedule h
       SET next_heist_at = h.next_heist_at + GREATEST($1 - h.paused_at, INTERVAL '0'),
           paused_at = NULL, updated_at = $1
      FROM s
     WHERE h.session_id = s.session_id AND h.paused_at IS NOT NULL
)
SELECT session_id, EXTRACT(EPOCH FROM GREATEST($1 - offline_since, INTERVAL '0'))::float8 AS offline_seconds
  FROM s;
