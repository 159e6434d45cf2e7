-- A player's crates, oldest first.
-- params: $1 user_id bigint
-- returns: rows (crate_id, crate_tier, acquired_at, escrow_expires_at)
SELECT crate_id, crate_tier, acquired_at, escrow_expires_at
  FROM user_crates
 WHERE user_id = $1
 ORDER BY acquired_at, crate_id;
