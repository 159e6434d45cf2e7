-- Mark a locked link code used.
-- params: $1 code text, $2 used_at timestamptz, $3 platform text, $4 platform user id text
-- returns: one row (code) or none when it was already used
UPDATE link_codes
   SET used_at = $2, used_by_platform = $3, used_by_platform_user_id = $4
 WHERE code = $1 AND used_at IS NULL
RETURNING code;
