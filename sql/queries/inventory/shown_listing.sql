-- The inventory ids a player's last !inventory showed, in their numbered order.
-- params: $1 user_id bigint
-- returns: one value (bigint[]) or none
SELECT inventory_ids FROM inventory_listings WHERE user_id = $1;
