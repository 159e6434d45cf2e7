-- Audit: ledger rows that break their player's chain (balance_before must be the previous
-- row's balance_after, 0 for the first), whose arithmetic is wrong, or that go negative.
-- params: none
-- returns: rows (ledger_id, user_id, amount, balance_before, balance_after, expected_before)
SELECT ledger_id, user_id, amount, balance_before, balance_after, expected_before
  FROM (
        SELECT ledger_id, user_id, amount, balance_before, balance_after,
               COALESCE(lag(balance_after) OVER (PARTITION BY user_id ORDER BY ledger_id), 0)
                   AS expected_before
          FROM wealth_ledger
       ) c
 WHERE balance_before <> expected_before
    OR balance_after <> balance_before + amount
    OR balance_before < 0
    OR balance_after < 0
 ORDER BY ledger_id;
