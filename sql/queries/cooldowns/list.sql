-- Every running cooldown of a player.
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: rows (command_type, target_identifier, expires_at)
SELECT command_type, target_identifier, expires_at
  FROM cooldowns
 WHERE user_id = $1 AND expires_at > $2
 ORDER BY expires_at;
