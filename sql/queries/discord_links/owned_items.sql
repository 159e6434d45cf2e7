-- Names of the items a Discord user's character holds (escrowed ones too), by prefix.
-- params: $1 discord_user_id text, $2 prefix text (lower-case, may be ''), $3 limit integer
-- returns: rows (item_name), equipped first, then oldest first
SELECT i.item_name
  FROM users u
  JOIN user_inventory ui ON ui.user_id = u.user_id
  JOIN items i ON i.item_id = ui.item_id
 WHERE u.discord_user_id = $1 AND starts_with(lower(i.item_name), $2)
 ORDER BY ui.is_equipped DESC, ui.acquired_at, ui.inventory_id
 LIMIT $3;
