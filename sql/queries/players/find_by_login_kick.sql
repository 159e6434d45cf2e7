-- A player known on kick by login (case-insensitive); the most recently seen wins a tie.
-- params: $1 login text (lower-case)
-- returns: one row (user_id) or none
SELECT user_id
  FROM users
 WHERE lower(username) = $1 AND kick_user_id IS NOT NULL AND merged_into_user_id IS NULL
 ORDER BY last_seen_at DESC
 LIMIT 1;
