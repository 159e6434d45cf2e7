-- Stock a player's personal shop with catalogue items at their list price, in the given order.
-- params: $1 user_id bigint, $2 item keys text[], $3 generated_at timestamptz (the game clock's
--         now: staleness is judged by the game day it was stocked on)
-- returns: nothing
INSERT INTO player_shop_inventory (user_id, item_id, price, generated_at)
SELECT $1, i.item_id, i.purchase_price, $3
  FROM unnest($2::text[]) WITH ORDINALITY AS k(item_key, n)
  JOIN items i ON i.item_key = k.item_key
 ORDER BY k.n;
