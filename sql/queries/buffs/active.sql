-- A player's buffs in force.
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: rows (buff_type, multiplier, expires_at)
SELECT buff_type, multiplier, expires_at
  FROM active_buffs
 WHERE user_id = $1 AND is_active AND (expires_at IS NULL OR expires_at > $2);
