-- A player's consumables with a positive quantity.
-- params: $1 user_id bigint
-- returns: rows (consumable_key, quantity)
SELECT consumable_key, quantity FROM user_consumables WHERE user_id = $1 AND quantity > 0;
