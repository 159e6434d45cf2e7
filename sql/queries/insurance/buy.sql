-- Start or renew a policy, paid for the next 24 hours.
-- params: $1 user_id bigint, $2 tier text, $3 daily premium bigint, $4 now, $5 paid_until
-- returns: nothing
INSERT INTO insurance_policies (user_id, tier, status, daily_premium, started_at, last_paid_at, paid_until)
VALUES ($1, $2, 'active', $3, $4, $4, $5)
ON CONFLICT (user_id) DO UPDATE
   SET tier = EXCLUDED.tier, status = 'active', daily_premium = EXCLUDED.daily_premium,
       started_at = CASE WHEN insurance_policies.status = 'active'
                         THEN insurance_policies.started_at ELSE EXCLUDED.started_at END,
       last_paid_at = EXCLUDED.last_paid_at, paid_until = EXCLUDED.paid_until, ended_at = NULL;
