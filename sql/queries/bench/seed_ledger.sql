-- Benchmark seed: pay each seeded player's starting wealth in through one ledger row.
-- params: $1 first user_id bigint, $2 last user_id bigint
-- returns: command status (INSERT 0 n)
INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason, reference)
SELECT user_id, wealth, 0, wealth, 'bench_seed', 'kingpin bench'
  FROM users
 WHERE user_id BETWEEN $1 AND $2 AND wealth > 0
 ORDER BY user_id;
