-- Close the open heist whose time ran out by $1.
-- params: $1 slot timestamptz
-- returns: one row (heist_id, correct_answer, event_type) or none
UPDATE heist_events
   SET status = 'expired', ended_at = GREATEST($1, started_at)
 WHERE status = 'open' AND started_at + make_interval(secs => time_limit_seconds) <= $1
RETURNING heist_id, correct_answer, event_type;
