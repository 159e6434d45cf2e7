-- The jackpot pool and its last winner (no lock).
-- params: none
-- returns: one row (pool, last_winner, last_won_amount, last_won_at) or none
SELECT j.pool, COALESCE(u.display_name, u.username) AS last_winner, j.last_won_amount, j.last_won_at
  FROM casino_jackpot j
  LEFT JOIN users u ON u.user_id = j.last_winner_id
 WHERE j.jackpot_id = 1;
