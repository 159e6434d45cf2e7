-- Rule figures an admin changed in bot_config (dotted keys such as "rob.base_rate").
-- params: none
-- returns: rows (config_key, config_value as JSON text)
SELECT config_key, config_value FROM bot_config WHERE scope = 'rules';
