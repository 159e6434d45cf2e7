-- Add heist tokens, creating the balance row on first use.
-- params: $1 user_id bigint, $2 amount bigint (> 0)
-- returns: one row (balance)
INSERT INTO heist_tokens AS h (user_id, balance, lifetime_earned, last_earned_at)
VALUES ($1, $2::bigint, $2::bigint, now())
ON CONFLICT (user_id) DO UPDATE
   SET balance = h.balance + EXCLUDED.balance,
       lifetime_earned = h.lifetime_earned + EXCLUDED.lifetime_earned,
       last_earned_at = now(),
       updated_at = now()
RETURNING balance;
