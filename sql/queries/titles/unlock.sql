-- Give a player a title once.
-- params: $1 user_id bigint, $2 title text, $3 source text
-- returns: one row when new, none when already owned
INSERT INTO user_titles (user_id, title, source)
VALUES ($1, $2, $3)
ON CONFLICT (user_id, title) DO NOTHING
RETURNING title;
