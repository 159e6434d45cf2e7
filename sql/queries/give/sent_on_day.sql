-- What a player has sent with !give on one game day (the daily cap), from the logged gives.
-- Run under the sender's row lock, so two gives at once count each other.
-- params: $1 user_id bigint, $2 game day text (ISO date, as logged in details->>'day')
-- returns: one value (sent bigint, 0 when nothing)
SELECT COALESCE(sum((details ->> 'amount')::bigint), 0)::bigint AS sent
  FROM game_events
 WHERE user_id = $1 AND event_type = 'give' AND details ->> 'day' = $2;
