-- How many crates a player holds and has in escrow.
-- params: $1 user_id bigint
-- returns: one row (held, escrowed)
SELECT count(*) FILTER (WHERE NOT is_escrowed) AS held,
       count(*) FILTER (WHERE is_escrowed) AS escrowed
  FROM user_crates
 WHERE user_id = $1;
