-- Take one unit from the rotation in force; no row back means sold out.
-- params: $1 item_key text, $2 now timestamptz
-- returns: one row (market_id, price) or none
UPDATE black_market_inventory m
   SET stock_quantity = stock_quantity - 1
  FROM items i
 WHERE m.item_id = i.item_id AND i.item_key = $1
   AND m.available_from <= $2 AND m.available_until > $2 AND m.stock_quantity > 0
RETURNING m.market_id, m.price;
