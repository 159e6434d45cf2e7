-- Merge: the survivor inherits the absorbed player's running cooldowns (the later end wins),
-- so linking never skips a wait.
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint, $3 now timestamptz
-- returns: nothing
INSERT INTO cooldowns AS c (user_id, command_type, target_identifier, expires_at)
SELECT $2, command_type, target_identifier, expires_at
  FROM cooldowns
 WHERE user_id = $1 AND expires_at > $3
ON CONFLICT (user_id, command_type, target_identifier) DO UPDATE
   SET expires_at = GREATEST(c.expires_at, EXCLUDED.expires_at);
