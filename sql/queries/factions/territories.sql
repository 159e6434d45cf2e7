-- Every territory with its controller and buff, in display order.
-- params: none
-- returns: rows (territory_id, territory_key, name, is_contested, buff_type, buff_rate float8,
--          owner_id, owner_name, control_changed_at)
SELECT t.territory_id, t.territory_key, t.territory_name AS name, t.is_contested, t.buff_type,
       t.buff_rate::float8 AS buff_rate, t.controlling_faction_id AS owner_id,
       f.faction_name AS owner_name, t.control_changed_at
  FROM territories t
  LEFT JOIN factions f ON f.faction_id = t.controlling_faction_id
 ORDER BY t.display_order, t.territory_id;
