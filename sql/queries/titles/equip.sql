-- Mark a title worn (run after titles/wear took the others off).
-- params: $1 user_id bigint, $2 title text (exact)
-- returns: nothing
UPDATE user_titles SET is_equipped = true WHERE user_id = $1 AND title = $2;
