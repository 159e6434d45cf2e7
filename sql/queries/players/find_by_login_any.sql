-- A player known on any platform by login or display name (case-insensitive).
-- params: $1 login text (lower-case)
-- returns: one row (user_id) or none
SELECT user_id
  FROM users
 WHERE (lower(username) = $1 OR lower(display_name) = $1) AND merged_into_user_id IS NULL
 ORDER BY last_seen_at DESC
 LIMIT 1;
