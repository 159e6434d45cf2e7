-- Count one more heist token bought today.
-- params: $1 user_id bigint, $2 day date
-- returns: one row (bought)
INSERT INTO token_purchases AS t (user_id, day, bought) VALUES ($1, $2, 1)
ON CONFLICT (user_id, day) DO UPDATE SET bought = t.bought + 1
RETURNING bought;
