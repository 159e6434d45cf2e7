-- Start a stream session (the caller ended any running one first, under its lock).
-- params: $1 platform text, $2 title text (nullable), $3 started_by user_id (nullable), $4 now,
--         $5 live platforms text[] (the platform when a stream-online report started it, else empty)
-- returns: one row (session_id) or none when another start won the race
INSERT INTO streaming_sessions (platform, session_title, started_by_user_id, started_at, live_platforms)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING
RETURNING session_id;
