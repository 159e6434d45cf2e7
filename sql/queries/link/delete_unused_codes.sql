-- Drop a player's earlier unused link codes, so only the newest one works.
-- params: $1 user_id bigint
-- returns: nothing
DELETE FROM link_codes WHERE user_id = $1 AND used_at IS NULL;
