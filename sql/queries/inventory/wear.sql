-- Set an item's durability after wear.
-- params: $1 inventory_id bigint, $2 user_id bigint, $3 durability int
-- returns: nothing
UPDATE user_inventory SET durability = $3 WHERE inventory_id = $1 AND user_id = $2;
