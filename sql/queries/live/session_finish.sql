-- Mark a session ended: no holder any more, so the crown buffs are gone with it.
-- params: $1 session_id bigint, $2 now timestamptz
-- returns: one row (ended_at) or none if it had already ended
UPDATE streaming_sessions
   SET is_active = false, ended_at = GREATEST($2, started_at), current_juicernaut_user_id = NULL,
       offline_since = NULL
 WHERE session_id = $1 AND is_active
RETURNING ended_at;
