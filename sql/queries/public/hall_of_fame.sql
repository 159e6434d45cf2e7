-- Every hall-of-fame record with its holder, for the public web page.
-- params: none
-- returns: rows (record_type, value bigint, achieved_at, name, is_private boolean)
SELECT r.record_type,
       r.record_value AS value,
       r.achieved_at,
       COALESCE(NULLIF(u.display_name, ''), u.username) AS name,
       u.is_private
  FROM hall_of_fame_records r
  JOIN users u ON u.user_id = r.user_id
 ORDER BY r.record_type;
