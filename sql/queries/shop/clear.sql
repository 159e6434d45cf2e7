-- Empty a player's personal shop (before restocking).
-- params: $1 user_id bigint
-- returns: nothing
DELETE FROM player_shop_inventory WHERE user_id = $1;
