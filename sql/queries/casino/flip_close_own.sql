-- Cancel the player's open challenge.
-- params: $1 challenger bigint, $2 now timestamptz
-- returns: one row (flip_id, stake) or none
UPDATE flip_challenges
   SET status = 'cancelled', closed_at = $2
 WHERE challenger_id = $1 AND status = 'open'
RETURNING flip_id, stake;
