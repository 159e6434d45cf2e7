-- The black market rotation in force at a time.
-- params: $1 now timestamptz
-- returns: rows (market_id, rotation_id, item_key, tier, price, stock_quantity, is_featured,
--          available_from, available_until)
SELECT m.market_id, m.rotation_id, i.item_key, i.tier, m.price, m.stock_quantity, m.is_featured,
       m.available_from, m.available_until
  FROM black_market_inventory m
  JOIN items i ON i.item_id = m.item_id
 WHERE m.available_from <= $1 AND m.available_until > $1
 ORDER BY m.is_featured DESC, m.price DESC, m.market_id;
