-- The next rotation number.
-- params: none
-- returns: one value
SELECT COALESCE(max(rotation_id), 0) + 1 FROM black_market_inventory;
