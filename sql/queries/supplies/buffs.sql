-- A player's buffs in force with what granted them.
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: rows (buff_type, multiplier, description, source, expires_at)
SELECT buff_type, multiplier::float8 AS multiplier, description, source, expires_at
  FROM active_buffs
 WHERE user_id = $1 AND is_active AND (expires_at IS NULL OR expires_at > $2)
 ORDER BY expires_at NULLS LAST, buff_type;
