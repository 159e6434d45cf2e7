-- The jackpot row, locked for the spin that may feed or win it.
-- params: none
-- returns: one row (pool, last_winner, last_won_amount, last_won_at)
SELECT j.pool, COALESCE(u.display_name, u.username) AS last_winner, j.last_won_amount, j.last_won_at
  FROM casino_jackpot j
  LEFT JOIN users u ON u.user_id = j.last_winner_id
 WHERE j.jackpot_id = 1
   FOR UPDATE OF j;
