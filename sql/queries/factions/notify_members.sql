-- Tell every member of some factions something (territory captured or lost, weekly reward…).
-- params: $1 faction ids bigint[], $2 types text[], $3 titles text[], $4 messages text[]
-- returns: nothing
INSERT INTO user_notifications (user_id, notification_type, title, message, link_type)
SELECT u.user_id, n.kind, n.title, n.message, 'faction'
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS n(faction_id, kind, title, message)
  JOIN users u ON u.faction_id = n.faction_id;
