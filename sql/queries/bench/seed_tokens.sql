-- Benchmark seed: a heist token balance for every seeded player (each may rob).
-- params: $1 first user_id bigint, $2 last user_id bigint, $3 tokens bigint
-- returns: command status (INSERT 0 n)
INSERT INTO heist_tokens (user_id, balance, lifetime_earned, last_earned_at)
SELECT user_id, $3::bigint, $3::bigint, now()
  FROM users
 WHERE user_id BETWEEN $1 AND $2;
