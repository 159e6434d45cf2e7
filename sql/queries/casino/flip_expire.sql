-- Expire one challenge whose time is up (the refund is written by the caller).
-- params: $1 flip_id bigint, $2 slot timestamptz
-- returns: one row (flip_id, challenger_id, stake) or none if already closed
UPDATE flip_challenges
   SET status = 'expired', closed_at = $2
 WHERE flip_id = $1 AND status = 'open' AND expires_at <= $2
RETURNING flip_id, challenger_id, stake;
