-- Show or hide a player on the public web pages (!private on|off).
-- params: $1 user_id bigint, $2 is_private boolean
-- returns: one row (is_private) or none when the player does not exist
UPDATE users SET is_private = $2 WHERE user_id = $1 RETURNING is_private;
