-- Heist token balances of several players (0 when they have none yet).
-- params: $1 user ids bigint[]
-- returns: rows (user_id, balance)
SELECT d.user_id, COALESCE(h.balance, 0) AS balance
  FROM unnest($1::bigint[]) AS d(user_id)
  LEFT JOIN heist_tokens h ON h.user_id = d.user_id;
