-- Heist tokens a player bought in a game day, locked for the purchase.
-- params: $1 user_id bigint, $2 day date
-- returns: one row (bought) or none
SELECT bought FROM token_purchases WHERE user_id = $1 AND day = $2 FOR UPDATE;
