-- Players seen since a time (mission reset assigns them their new sets).
-- params: $1 since timestamptz
-- returns: rows (user_id) ascending
SELECT user_id FROM users
 WHERE last_seen_at >= $1 AND merged_into_user_id IS NULL
 ORDER BY user_id;
