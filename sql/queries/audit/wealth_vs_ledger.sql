-- Audit: players whose wealth is negative or differs from their ledger (the sum of its amounts
-- and the balance_after of its latest row must both equal the wealth column).
-- params: none
-- returns: rows (user_id, username, wealth, ledger_sum, last_balance)
SELECT u.user_id, u.username, u.wealth,
       COALESCE(l.total, 0) AS ledger_sum,
       COALESCE(l.last_balance, 0) AS last_balance
  FROM users u
  LEFT JOIN LATERAL (
        SELECT sum(amount) AS total,
               (SELECT balance_after FROM wealth_ledger x
                 WHERE x.user_id = u.user_id ORDER BY ledger_id DESC LIMIT 1) AS last_balance
          FROM wealth_ledger w
         WHERE w.user_id = u.user_id
       ) l ON true
 WHERE u.wealth < 0
    OR u.wealth <> COALESCE(l.total, 0)
    OR u.wealth <> COALESCE(l.last_balance, 0)
 ORDER BY u.user_id;
