-- Every crown change of a session, in order (for minutes held).
-- params: $1 session_id bigint
-- returns: rows (changed_at, new_juicernaut_user_id)
SELECT changed_at, new_juicernaut_user_id
  FROM juicernaut_crown_changes
 WHERE session_id = $1
 ORDER BY changed_at, change_id;
