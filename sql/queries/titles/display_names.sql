-- Players' names as chat shows them, with the worn title, in one round trip.
-- params: $1 user_id bigint[]
-- returns: rows (user_id, name, title nullable)
SELECT u.user_id, COALESCE(NULLIF(u.display_name, ''), u.username) AS name, t.title
  FROM users u
  LEFT JOIN user_titles t ON t.user_id = u.user_id AND t.is_equipped
 WHERE u.user_id = ANY($1::bigint[]);
