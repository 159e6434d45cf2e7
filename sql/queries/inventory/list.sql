-- Inventory rows of players (held, equipped and escrowed), oldest first.
-- params: $1 user ids bigint[]
-- returns: rows (inventory_id, user_id, item_key, durability, is_equipped, escrow_expires_at)
SELECT ui.inventory_id, ui.user_id, i.item_key, ui.durability, ui.is_equipped, ui.escrow_expires_at
  FROM user_inventory ui
  JOIN items i ON i.item_id = ui.item_id
 WHERE ui.user_id = ANY($1::bigint[])
 ORDER BY ui.user_id, ui.acquired_at, ui.inventory_id;
