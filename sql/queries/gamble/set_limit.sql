-- Store a player's daily loss limit.
-- params: $1 user_id bigint, $2 limit bigint, $3 previous bigint (nullable), $4 effective_from date (nullable)
-- returns: nothing
INSERT INTO gamble_limits (user_id, daily_loss_limit, previous_limit, effective_from)
VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id) DO UPDATE
   SET daily_loss_limit = EXCLUDED.daily_loss_limit, previous_limit = EXCLUDED.previous_limit,
       effective_from = EXCLUDED.effective_from, updated_at = now();
