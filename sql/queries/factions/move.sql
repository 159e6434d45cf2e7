-- Move a member to another territory, at most once per cooldown.
-- params: $1 user_id bigint, $2 territory_id bigint, $3 now timestamptz,
--         $4 cooldown seconds double precision
-- returns: one row (territory_id) or none when the cooldown has not run out
UPDATE user_territory_assignments
   SET territory_id = $2, assigned_at = $3
 WHERE user_id = $1 AND assigned_at <= $3::timestamptz - make_interval(secs => $4)
RETURNING territory_id;
