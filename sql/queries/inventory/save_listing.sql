-- Remember the numbered lines a player's !inventory just showed (inventory ids, in order).
-- params: $1 user_id bigint, $2 inventory_ids bigint[], $3 shown_at timestamptz
-- returns: nothing
INSERT INTO inventory_listings (user_id, inventory_ids, shown_at)
VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET inventory_ids = EXCLUDED.inventory_ids, shown_at = EXCLUDED.shown_at;
