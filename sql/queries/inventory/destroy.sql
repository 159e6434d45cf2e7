-- Remove an inventory row (broken or sold).
-- params: $1 inventory_id bigint, $2 user_id bigint
-- returns: one row (inventory_id) or none
DELETE FROM user_inventory WHERE inventory_id = $1 AND user_id = $2 RETURNING inventory_id;
