-- Active policies whose paid time ends before the coming day is over (charged for the next 24 h).
-- params: $1 due_before timestamptz (the slot + 1 day)
-- returns: rows (user_id, tier, daily_premium), by user id
SELECT user_id, tier, daily_premium
  FROM insurance_policies
 WHERE status = 'active' AND paid_until <= $1
 ORDER BY user_id;
