-- Take off the worn title.
-- params: $1 user_id bigint
-- returns: rows (title) that were worn
UPDATE user_titles SET is_equipped = false WHERE user_id = $1 AND is_equipped RETURNING title;
