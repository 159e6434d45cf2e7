-- Close a session's open heist when the session ends.
-- params: $1 session_id bigint, $2 now timestamptz
-- returns: one row (heist_id, correct_answer) or none
UPDATE heist_events
   SET status = 'cancelled', ended_at = GREATEST($2, started_at)
 WHERE session_id = $1 AND status = 'open'
RETURNING heist_id, correct_answer;
