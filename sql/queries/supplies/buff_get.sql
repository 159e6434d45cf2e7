-- A player's buff row of one type, locked (active or not).
-- params: $1 user_id bigint, $2 buff_type text
-- returns: one row (multiplier, is_active, expires_at) or none
SELECT multiplier::float8 AS multiplier, is_active, expires_at
  FROM active_buffs WHERE user_id = $1 AND buff_type = $2 FOR UPDATE;
