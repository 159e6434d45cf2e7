-- Take an open, unexpired challenge for an acceptor: exactly one caller gets the row.
-- params: $1 flip_id bigint, $2 acceptor bigint, $3 now timestamptz
-- returns: one row (flip_id, challenger_id, side, stake) or none
UPDATE flip_challenges
   SET status = 'settled', acceptor_id = $2, closed_at = $3, winner_id = challenger_id
 WHERE flip_id = $1 AND status = 'open' AND expires_at > $3 AND challenger_id <> $2
RETURNING flip_id, challenger_id, side, stake;
