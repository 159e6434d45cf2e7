-- Spend heist tokens; no row back means the balance was too small (nothing changes).
-- params: $1 user_id bigint, $2 amount bigint (> 0)
-- returns: one row (balance) or none
UPDATE heist_tokens
   SET balance = balance - $2::bigint,
       lifetime_spent = lifetime_spent + $2::bigint,
       last_spent_at = now(),
       updated_at = now()
 WHERE user_id = $1 AND balance >= $2::bigint
RETURNING balance;
