-- The extras a profile shows besides the player row: the equipped title and the faction name.
-- params: $1 user_id bigint
-- returns: one row (title text or null, faction text or null)
SELECT (SELECT t.title FROM user_titles t WHERE t.user_id = u.user_id AND t.is_equipped) AS title,
       f.faction_name AS faction
  FROM users u
  LEFT JOIN factions f ON f.faction_id = u.faction_id
 WHERE u.user_id = $1;
