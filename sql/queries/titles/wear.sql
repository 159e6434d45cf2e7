-- Wear one owned title (case-insensitive name) and take off the others.
-- params: $1 user_id bigint, $2 title text
-- returns: one row (title) when the player owns it, none otherwise
WITH pick AS (
    SELECT title FROM user_titles WHERE user_id = $1 AND lower(title) = lower($2)
), off AS (
    UPDATE user_titles SET is_equipped = false
     WHERE user_id = $1 AND is_equipped AND EXISTS (SELECT 1 FROM pick)
    RETURNING 1
)
SELECT title FROM pick;
