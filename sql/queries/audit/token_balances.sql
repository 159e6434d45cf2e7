-- Audit: heist token balances that are negative or differ from earned minus spent.
-- params: none
-- returns: rows (user_id, balance, lifetime_earned, lifetime_spent)
SELECT user_id, balance, lifetime_earned, lifetime_spent
  FROM heist_tokens
 WHERE balance < 0 OR balance <> lifetime_earned - lifetime_spent
 ORDER BY user_id;
