-- Take the due heist slot of the running session: moves next_heist_at past $1 so a second run
-- of the same slot finds nothing (the caller sets the real next time in the same transaction).
-- params: $1 slot timestamptz
-- returns: one row (session_id, next_heist_at) or none (nothing due, paused, or offline)
UPDATE heist_schedule h
   SET next_heist_at = 'infinity', updated_at = $1
  FROM streaming_sessions s
 WHERE s.session_id = h.session_id AND s.is_active AND s.offline_since IS NULL
   AND h.paused_at IS NULL AND h.next_heist_at <= $1
RETURNING h.session_id, $1::timestamptz AS fired_at;
