-- Set the pool after a spin; with a winner, record the win.
-- params: $1 new pool bigint, $2 winner user_id bigint (nullable), $3 amount won bigint, $4 now timestamptz
-- returns: nothing
UPDATE casino_jackpot
   SET pool = $1,
       last_winner_id = COALESCE($2, last_winner_id),
       last_won_amount = CASE WHEN $2::bigint IS NULL THEN last_won_amount ELSE $3 END,
       last_won_at = CASE WHEN $2::bigint IS NULL THEN last_won_at ELSE $4 END,
       updated_at = now()
 WHERE jackpot_id = 1;
