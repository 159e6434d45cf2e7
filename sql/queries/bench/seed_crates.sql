-- Benchmark seed: one held common crate for every seeded player (each may open one).
-- params: $1 first user_id bigint, $2 last user_id bigint
-- returns: command status (INSERT 0 n)
INSERT INTO user_crates (user_id, crate_tier, source)
SELECT user_id, 'common', 'admin'
  FROM users
 WHERE user_id BETWEEN $1 AND $2;
