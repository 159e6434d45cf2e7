-- Lock a link code for redemption.
-- params: $1 code text
-- returns: one row (code, user_id, platform, expires_at, used_at) or none
SELECT code, user_id, platform, expires_at, used_at
  FROM link_codes
 WHERE code = $1
   FOR UPDATE;
