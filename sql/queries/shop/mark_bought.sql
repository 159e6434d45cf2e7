-- Mark a personal-shop entry bought; no row back means it was already gone.
-- params: $1 user_id bigint, $2 item_key text
-- returns: one row or none
UPDATE player_shop_inventory s
   SET is_purchased = true, purchased_at = now()
  FROM items i
 WHERE s.user_id = $1 AND s.item_id = i.item_id AND i.item_key = $2 AND NOT s.is_purchased
RETURNING s.shop_item_id;
