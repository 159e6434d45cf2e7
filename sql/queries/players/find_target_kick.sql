-- A known player by name in one round trip: by login on kick first, else by login or display
-- name on any platform; the most recently seen wins ties (a same-platform login first,
-- then any platform).
-- params: $1 login text (lower case)
-- returns: one row (user_id) or none
SELECT user_id
  FROM users
 WHERE (lower(username) = $1 OR lower(display_name) = $1) AND merged_into_user_id IS NULL
 ORDER BY (lower(username) = $1 AND kick_user_id IS NOT NULL) DESC, last_seen_at DESC, user_id
 LIMIT 1;
