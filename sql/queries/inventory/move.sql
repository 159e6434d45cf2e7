-- Move an inventory row to another player (unequipped; escrowed when an expiry is given).
-- params: $1 inventory_id bigint, $2 from user_id, $3 to user_id, $4 escrow_expires_at (nullable),
--         $5 source text
-- returns: one row (inventory_id) or none if the row is not the sender's
UPDATE user_inventory
   SET user_id = $3, is_equipped = false, equipped_at = NULL,
       is_escrowed = $4::timestamptz IS NOT NULL, escrow_expires_at = $4,
       source = $5, acquired_at = now()
 WHERE inventory_id = $1 AND user_id = $2
RETURNING inventory_id;
