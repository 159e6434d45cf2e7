-- What the daily territory evaluation feeds the faction achievements: every member's whole days
-- in their current faction, and whether their assigned territory is one their faction has just
-- captured (their activity scored there, so they helped).
-- params: $1 now timestamptz, $2 captured territory ids bigint[], $3 capturing faction ids bigint[]
-- returns: rows (user_id, days integer, helped_capture bool), members only
SELECT u.user_id,
       floor(extract(epoch FROM ($1::timestamptz - u.joined_faction_at)) / 86400)::integer AS days,
       c.territory_id IS NOT NULL AS helped_capture
  FROM users u
  LEFT JOIN user_territory_assignments a ON a.user_id = u.user_id
  LEFT JOIN unnest($2::bigint[], $3::bigint[]) AS c(territory_id, faction_id)
         ON c.territory_id = a.territory_id AND c.faction_id = u.faction_id
 WHERE u.faction_id IS NOT NULL AND u.joined_faction_at <= $1::timestamptz
 ORDER BY u.user_id;
