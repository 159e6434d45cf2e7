-- A player's titles, the equipped one first.
-- params: $1 user_id bigint
-- returns: rows (title, is_equipped)
SELECT title, is_equipped FROM user_titles WHERE user_id = $1 ORDER BY is_equipped DESC, unlocked_at;
