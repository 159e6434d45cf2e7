-- The richest players by cash held now (the lifetime wealth board); broke and merged players skipped.
-- Ties share a rank (1 + the number of players holding strictly more).
-- params: $1 limit int
-- returns: rows (user_id, is_private boolean (hidden on the public web pages), name ("[Title] Name" when a title is worn), value bigint, rank bigint), richest first
SELECT u.user_id,
       u.is_private,
       COALESCE('[' || (SELECT t.title FROM user_titles t WHERE t.user_id = u.user_id AND t.is_equipped) || '] ', '')
           || COALESCE(NULLIF(u.display_name, ''), u.username) AS name,
       u.wealth AS value,
       rank() OVER (ORDER BY u.wealth DESC) AS rank
  FROM users u
 WHERE u.wealth > 0 AND u.merged_into_user_id IS NULL
 ORDER BY u.wealth DESC, u.user_id
 LIMIT $1;
