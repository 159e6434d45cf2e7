-- The richest players by cash held now, for the public web page (privacy flag included).
-- params: $1 limit int
-- returns: rows (name, value bigint, rank bigint, is_private boolean), richest first
SELECT COALESCE(NULLIF(u.display_name, ''), u.username) AS name,
       u.wealth AS value,
       rank() OVER (ORDER BY u.wealth DESC) AS rank,
       u.is_private
  FROM users u
 WHERE u.wealth > 0 AND u.merged_into_user_id IS NULL
 ORDER BY u.wealth DESC, u.user_id
 LIMIT $1;
