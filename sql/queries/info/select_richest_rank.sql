-- One player's rank on the lifetime wealth board (cash held now); unranked when broke.
-- params: $1 user_id bigint
-- returns: one row (value bigint, rank bigint or null, entries bigint)
SELECT me.wealth AS value,
       CASE WHEN me.wealth > 0 THEN
           1 + (SELECT count(*) FROM users o
                 WHERE o.wealth > me.wealth AND o.merged_into_user_id IS NULL)
       END AS rank,
       (SELECT count(*) FROM users o WHERE o.wealth > 0 AND o.merged_into_user_id IS NULL) AS entries
  FROM users me
 WHERE me.user_id = $1;
