-- Start (or extend) a cooldown.
-- params: $1 user_id bigint, $2 command_type text, $3 target text ('' = none), $4 expires_at
-- returns: nothing
INSERT INTO cooldowns (user_id, command_type, target_identifier, expires_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id, command_type, target_identifier) DO UPDATE
   SET expires_at = EXCLUDED.expires_at, created_at = now();
