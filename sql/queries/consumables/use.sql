-- Use one consumable; no row back means the player had none.
-- params: $1 user_id bigint, $2 consumable_key text
-- returns: one row (quantity left) or none
UPDATE user_consumables
   SET quantity = quantity - 1, updated_at = now()
 WHERE user_id = $1 AND consumable_key = $2 AND quantity > 0
RETURNING quantity;
