-- Business revenue a player has collected on one game day (from the logged collections).
-- params: $1 user_id bigint, $2 game day text (ISO date, as logged in details->>'day')
-- returns: one value (bigint, 0 when none)
SELECT COALESCE(sum(wealth_change), 0)::bigint
  FROM game_events
 WHERE user_id = $1 AND event_type = 'business_collect' AND details ->> 'day' = $2;
