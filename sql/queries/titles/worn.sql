-- The worn titles of some players.
-- params: $1 user_id bigint[]
-- returns: rows (user_id, title)
SELECT user_id, title FROM user_titles WHERE user_id = ANY($1::bigint[]) AND is_equipped;
