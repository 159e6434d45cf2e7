-- Mark a race settled; exactly one caller gets the row, so a race is paid once.
-- params: $1 race_id bigint, $2 slot timestamptz
-- returns: one row (race_id, metric, prize, places, starts_on, ends_on) or none
UPDATE races SET status = 'settled', settled_at = $2
 WHERE race_id = $1 AND status = 'running' AND ends_at <= $2
RETURNING race_id, metric, prize, places, starts_on, ends_on;
