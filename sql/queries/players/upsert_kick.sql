-- Find or create the player behind a kick identity; refresh the names when they changed.
-- A known player with unchanged names is found by a plain read: the upsert alone would lock
-- the row it conflicts with even when it changes nothing, and so wait behind any transaction
-- holding that player (a command, a chat batch).
-- params: $1 kick user id text, $2 login text, $3 display name text
-- returns: one row (user_id)
WITH known AS (
    SELECT user_id
      FROM users
     WHERE kick_user_id = $1 AND username = $2 AND display_name IS NOT DISTINCT FROM $3
), upserted AS (
    INSERT INTO users (kick_user_id, username, display_name)
    SELECT $1, $2, $3
     WHERE NOT EXISTS (SELECT 1 FROM known)
    ON CONFLICT (kick_user_id) DO UPDATE
        SET username = EXCLUDED.username,
            display_name = EXCLUDED.display_name,
            updated_at = now()
        WHERE users.username IS DISTINCT FROM EXCLUDED.username
           OR users.display_name IS DISTINCT FROM EXCLUDED.display_name
    RETURNING user_id
)
SELECT user_id FROM known
UNION ALL
SELECT user_id FROM upserted
UNION ALL
SELECT user_id FROM users WHERE kick_user_id = $1
LIMIT 1;
