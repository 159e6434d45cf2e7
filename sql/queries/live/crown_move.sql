-- Move the crown (call under the session lock) and log the change.
-- params: $1 session_id bigint, $2 previous holder (nullable), $3 new holder, $4 new total cents,
--         $5 now timestamptz
-- returns: one row (change_id)
WITH moved AS (
    UPDATE streaming_sessions
       SET current_juicernaut_user_id = $3
     WHERE session_id = $1 AND current_juicernaut_user_id IS NOT DISTINCT FROM $2
    RETURNING session_id
)
INSERT INTO juicernaut_crown_changes (session_id, previous_juicernaut_user_id, new_juicernaut_user_id,
                                      new_total_cents, changed_at)
SELECT session_id, $2, $3, $4, $5 FROM moved
RETURNING change_id;
