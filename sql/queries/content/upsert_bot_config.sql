-- Load the default bot settings (game/content/bot_config.json). A new key gets its default;
-- an existing key keeps its value, type and scope (an admin may have edited them) and only its
-- description follows the file. Keys dropped from the file are left alone.
-- params: $1 jsonb array of {key, config_value (any JSON value), value_type, scope, description}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of config keys;
--          deactivated is always empty
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, config_value jsonb, value_type text, scope text, description text)
),
existing AS (
    SELECT config_key FROM bot_config WHERE config_key IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO bot_config AS t (config_key, config_value, value_type, scope, description)
    SELECT key, config_value::text, value_type, COALESCE(scope, 'bot'), description
      FROM src
    ON CONFLICT (config_key) DO UPDATE
       SET description = EXCLUDED.description
     WHERE t.description IS DISTINCT FROM EXCLUDED.description
    RETURNING t.config_key
)
SELECT ARRAY(SELECT config_key FROM upserted
              WHERE config_key NOT IN (SELECT config_key FROM existing) ORDER BY 1) AS inserted,
       ARRAY(SELECT config_key FROM upserted
              WHERE config_key IN (SELECT config_key FROM existing) ORDER BY 1) AS updated,
       '{}'::text[] AS deactivated;
