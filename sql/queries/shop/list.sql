-- A player's personal shop.
-- params: $1 user_id bigint
-- returns: rows (item_key, price, is_purchased, generated_at), in shop order
SELECT i.item_key, s.price, s.is_purchased, s.generated_at
  FROM player_shop_inventory s
  JOIN items i ON i.item_id = s.item_id
 WHERE s.user_id = $1
 ORDER BY s.shop_item_id;
