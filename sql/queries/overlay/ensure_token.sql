-- The overlay's secret URL token: stored once in bot_config (first run generates it), then
-- always the same. A concurrent first run keeps whichever token was inserted first.
-- params: $1 candidate token text (JSON text of a string)
-- returns: one row (config_value: JSON text of the stored token)
WITH ins AS (
    INSERT INTO bot_config (config_key, config_value, value_type, scope, description)
    VALUES ('overlay.token', $1, 'string', 'bot', 'Secret token in the OBS overlay URL')
    ON CONFLICT (config_key) DO NOTHING
    RETURNING config_value
)
SELECT config_value FROM ins
UNION ALL
SELECT config_value FROM bot_config WHERE config_key = 'overlay.token'
LIMIT 1;
