-- Player names starting with a prefix (case-insensitive), Discord players first, then the most
-- recently seen. Names are what a command's target resolves: the login and the display name.
-- params: $1 prefix text (lower-case, may be ''), $2 limit integer
-- returns: rows (username, display_name)
SELECT username, display_name
  FROM users
 WHERE merged_into_user_id IS NULL
   AND (starts_with(lower(username), $1) OR starts_with(lower(coalesce(display_name, '')), $1))
 ORDER BY (discord_user_id IS NULL), last_seen_at DESC, user_id
 LIMIT $2;
