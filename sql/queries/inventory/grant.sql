-- Put a catalogue item into a player's inventory (escrowed when an expiry is given).
-- params: $1 user_id bigint, $2 item_key text, $3 durability int, $4 escrow_expires_at (nullable),
--         $5 source text
-- returns: one row (inventory_id)
INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability,
                            is_escrowed, escrow_expires_at, source)
SELECT $1, i.item_id, i.item_type, LEAST($3, i.base_durability), i.base_durability,
       $4::timestamptz IS NOT NULL, $4, $5
  FROM items i
 WHERE i.item_key = $2
RETURNING inventory_id;
