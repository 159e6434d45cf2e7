-- A player's insurance policy.
-- params: $1 user_id bigint
-- returns: one row (tier, status, daily_premium, last_paid_at, paid_until) or none
SELECT tier, status, daily_premium, last_paid_at, paid_until
  FROM insurance_policies
 WHERE user_id = $1;
