-- Extend a paid policy by one day from when it was paid until (or from now if that passed).
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: nothing
UPDATE insurance_policies
   SET last_paid_at = $2, paid_until = GREATEST(paid_until, $2) + INTERVAL '1 day'
 WHERE user_id = $1 AND status = 'active';
