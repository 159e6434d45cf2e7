-- The supply depot: every active consumable.
-- params: none
-- returns: rows (consumable_key, name, description, price, max_owned, buff_type, multiplier,
--          duration_minutes)
SELECT consumable_key, name, description, price, max_owned, buff_type, multiplier::float8 AS multiplier,
       duration_minutes
  FROM consumables WHERE is_active ORDER BY price, consumable_key;
