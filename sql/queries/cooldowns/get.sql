-- When a cooldown ends, if it is still running.
-- params: $1 user_id bigint, $2 command_type text, $3 target text ('' = none), $4 now
-- returns: one row (expires_at) or none
SELECT expires_at
  FROM cooldowns
 WHERE user_id = $1 AND command_type = $2 AND target_identifier = $3 AND expires_at > $4;
