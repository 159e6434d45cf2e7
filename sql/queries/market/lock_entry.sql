-- The black market entry for one item in the rotation in force, locked for a purchase, so the
-- stock the engine sees is the stock the guarded decrement will find.
-- params: $1 item_key text, $2 now timestamptz
-- returns: one row (market_id, item_key, tier, price, stock_quantity, is_featured) or none
SELECT m.market_id, i.item_key, i.tier, m.price, m.stock_quantity, m.is_featured
  FROM black_market_inventory m
  JOIN items i ON i.item_id = m.item_id
 WHERE i.item_key = $1 AND m.available_from <= $2 AND m.available_until > $2
 FOR UPDATE OF m;
