-- A platform reports the stream offline: forget it as live; when no platform is live any more,
-- remember since when (the first report wins) and pause the heist timer.
-- params: $1 now timestamptz, $2 platform text
-- returns: one row (session_id) when the session went offline now, else none
WITH s AS (
    UPDATE streaming_sessions
       SET live_platforms = array_remove(live_platforms, $2),
           offline_since = CASE WHEN array_remove(live_platforms, $2) = '{}' THEN COALESCE(offline_since, $1)
                                ELSE offline_since END
     WHERE is_active
    RETURNING session_id, offline_since, live_platforms
), went AS (
    SELECT session_id FROM s WHERE offline_since = $1 AND live_platforms = '{}'
), paused AS (
    UPDATE heist_schedule h
       SET paused_at = $1, updated_at = $1
      FROM went
     WHERE h.session_id = went.session_id AND h.paused_at IS NULL
)
SELECT session_id FROM went;
