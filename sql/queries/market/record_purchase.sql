-- Record a black market purchase.
-- params: $1 user_id bigint, $2 market_id bigint, $3 item_key text, $4 price bigint
-- returns: nothing
INSERT INTO black_market_purchases (user_id, market_id, item_id, price_paid)
SELECT $1, $2, i.item_id, $4 FROM items i WHERE i.item_key = $3;
