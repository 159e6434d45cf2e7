-- Equip or unequip an inventory row.
-- params: $1 inventory_id bigint, $2 user_id bigint, $3 equipped boolean
-- returns: nothing
UPDATE user_inventory
   SET is_equipped = $3, equipped_at = CASE WHEN $3 THEN now() END
 WHERE inventory_id = $1 AND user_id = $2;
