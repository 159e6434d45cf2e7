-- Add one entry to a black market rotation.
-- params: $1 rotation_id bigint, $2 item_key text, $3 stock int, $4 price bigint,
--         $5 discount numeric, $6 featured boolean, $7 from timestamptz, $8 until timestamptz
-- returns: nothing
INSERT INTO black_market_inventory (rotation_id, item_id, stock_quantity, original_stock, price,
                                    discount_rate, is_featured, available_from, available_until)
SELECT $1, i.item_id, $3, $3, $4, $5, $6, $7, $8 FROM items i WHERE i.item_key = $2;
