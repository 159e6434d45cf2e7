-- A player's heist record.
-- params: $1 user_id bigint
-- returns: one row (wins bigint, fastest_ms int, average_ms float8)
SELECT count(*)::bigint AS wins, min(response_time_ms) AS fastest_ms,
       avg(response_time_ms)::float8 AS average_ms
  FROM heist_events
 WHERE winner_user_id = $1;
