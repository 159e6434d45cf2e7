-- End a policy whose premium could not be paid.
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: nothing
UPDATE insurance_policies
   SET status = 'lapsed', ended_at = $2
 WHERE user_id = $1 AND status = 'active';
