-- The factions with their member counts and territories held, in display order.
-- params: none
-- returns: rows (faction_id, faction_key, name, aliases text[], emoji, motto, members bigint,
--          territories bigint)
SELECT f.faction_id, f.faction_key, f.faction_name AS name, f.aliases, f.emoji, f.motto,
       (SELECT count(*) FROM users u WHERE u.faction_id = f.faction_id) AS members,
       (SELECT count(*) FROM territories t WHERE t.controlling_faction_id = f.faction_id) AS territories
  FROM factions f
 ORDER BY f.display_order, f.faction_id;
