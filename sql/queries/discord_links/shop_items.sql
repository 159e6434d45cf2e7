-- Names of the unsold items in a Discord user's personal shop, by prefix.
-- params: $1 discord_user_id text, $2 prefix text (lower-case, may be ''), $3 limit integer
-- returns: rows (item_name), in shop order
SELECT i.item_name
  FROM users u
  JOIN player_shop_inventory s ON s.user_id = u.user_id
  JOIN items i ON i.item_id = s.item_id
 WHERE u.discord_user_id = $1 AND NOT s.is_purchased AND starts_with(lower(i.item_name), $2)
 ORDER BY s.shop_item_id
 LIMIT $3;
