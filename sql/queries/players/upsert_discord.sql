-- Find or create the player behind a discord identity; refresh the names when they changed.
-- params: $1 discord user id text, $2 login text, $3 display name text
-- returns: one row (user_id)
WITH upserted AS (
    INSERT INTO users (discord_user_id, username, display_name)
    VALUES ($1, $2, $3)
    ON CONFLICT (discord_user_id) DO UPDATE
        SET username = EXCLUDED.username,
            display_name = EXCLUDED.display_name,
            updated_at = now()
        WHERE users.username IS DISTINCT FROM EXCLUDED.username
           OR users.display_name IS DISTINCT FROM EXCLUDED.display_name
    RETURNING user_id
)
SELECT user_id FROM upserted
UNION ALL
SELECT user_id FROM users WHERE discord_user_id = $1
LIMIT 1;
