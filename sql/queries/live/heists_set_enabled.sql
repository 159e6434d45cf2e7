-- Turn heists on or off (a moderator's !heist on|off), kept across restarts.
-- params: $1 enabled bool, $2 moderator user_id (nullable), $3 now
-- returns: nothing
INSERT INTO bot_config (config_key, config_value, value_type, scope, description, updated_at, updated_by_user_id)
VALUES ('heist.enabled', CASE WHEN $1 THEN 'true' ELSE 'false' END, 'bool', 'bot',
        'Run heist alerts during live sessions.', $3, $2)
ON CONFLICT (config_key) DO UPDATE
   SET config_value = EXCLUDED.config_value, updated_at = EXCLUDED.updated_at,
       updated_by_user_id = EXCLUDED.updated_by_user_id;
