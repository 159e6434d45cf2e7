-- Open challenges expired by a moment.
-- params: $1 slot timestamptz, $2 limit integer
-- returns: rows (flip_id)
SELECT flip_id FROM flip_challenges
 WHERE status = 'open' AND expires_at <= $1
 ORDER BY expires_at, flip_id
 LIMIT $2;
