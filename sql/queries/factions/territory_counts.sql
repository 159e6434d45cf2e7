-- How many members of one faction are assigned to each territory (for placing a new member).
-- params: $1 faction_id bigint
-- returns: rows (territory_id, members bigint)
SELECT a.territory_id, count(*) AS members
  FROM user_territory_assignments a
  JOIN users u ON u.user_id = a.user_id
 WHERE u.faction_id = $1
 GROUP BY a.territory_id;
