-- Pay bonds (achievement rewards).
-- params: $1 user_id bigint, $2 amount bigint (>= 0)
-- returns: one row (bonds) or none when the player does not exist
UPDATE users SET bonds = bonds + $2, updated_at = now() WHERE user_id = $1 RETURNING bonds;
