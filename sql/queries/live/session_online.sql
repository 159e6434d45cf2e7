-- A platform reports the stream live during a session: count it as live; if the session was
-- offline, clear offline_since and resume the heist timer where it paused (the next heist
-- moves later by the time spent offline).
-- params: $1 now timestamptz, $2 platform text
-- returns: one row (session_id, resumed bool) or none (no session)
WITH s AS (
    SELECT session_id, offline_since
      FROM streaming_sessions
     WHERE is_active
       FOR UPDATE
), marked AS (
    UPDATE streaming_sessions t
       SET offline_since = NULL, grace_warned_at = NULL,
           live_platforms = CASE WHEN $2 = ANY(t.live_platforms) THEN t.live_platforms
                                 ELSE array_append(t.live_platforms, $2) END
      FROM s
     WHERE t.session_id = s.session_id
), resumed AS (
    UPDATE heist_schedule h
       SET next_heist_at = h.next_heist_at + GREATEST($1 - h.paused_at, INTERVAL '0'),
           paused_at = NULL, updated_at = $1
      FROM s
     WHERE h.session_id = s.session_id AND h.paused_at IS NOT NULL AND s.offline_since IS NOT NULL
)
SELECT session_id, offline_since IS NOT NULL AS resumed FROM s;
