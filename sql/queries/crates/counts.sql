-- How many crates a player holds and has in live escrow (expired escrow takes no slot).
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: one row (held, escrowed)
SELECT count(*) FILTER (WHERE NOT is_escrowed) AS held,
       count(*) FILTER (WHERE is_escrowed AND escrow_expires_at > $2) AS escrowed
  FROM user_crates
 WHERE user_id = $1;
