-- Take a crate out of escrow.
-- params: $1 crate_id bigint, $2 user_id bigint
-- returns: one row (crate_id) or none
UPDATE user_crates
   SET is_escrowed = false, escrow_expires_at = NULL
 WHERE crate_id = $1 AND user_id = $2 AND is_escrowed
RETURNING crate_id;
