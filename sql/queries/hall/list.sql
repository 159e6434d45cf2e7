-- The hall of fame: every record with its holder and the previous holder.
-- params: none
-- returns: rows (record_type, record_value, achieved_at, holder, previous_value, previous_holder)
SELECT h.record_type, h.record_value, h.achieved_at,
       COALESCE('[' || ht.title || '] ', '') || COALESCE(NULLIF(u.display_name, ''), u.username) AS holder,
       h.previous_value,
       COALESCE(NULLIF(p.display_name, ''), p.username) AS previous_holder
  FROM hall_of_fame_records h
  JOIN users u ON u.user_id = h.user_id
  LEFT JOIN user_titles ht ON ht.user_id = h.user_id AND ht.is_equipped
  LEFT JOIN users p ON p.user_id = h.previous_holder_id
 ORDER BY h.record_type;
