-- Whether heists run (bot_config heist.enabled; missing means on).
-- params: none
-- returns: one value (bool)
SELECT COALESCE((SELECT config_value::jsonb = 'true'::jsonb FROM bot_config WHERE config_key = 'heist.enabled'), true);
