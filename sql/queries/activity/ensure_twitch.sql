-- Batched chat: find or create the players behind many twitch identities at once.
-- New identities are created; a changed name is refreshed.
-- params: $1 twitch user ids text[], $2 logins text[], $3 display names text[]
-- returns: rows (user_id, platform_user_id)
WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS i(pid, login, display)
), created AS (
    INSERT INTO users (twitch_user_id, username, display_name)
    SELECT pid, login, display FROM input
    ON CONFLICT (twitch_user_id) DO NOTHING
    RETURNING user_id, twitch_user_id AS pid
), renamed AS (
    UPDATE users u
       SET username = i.login, display_name = i.display, updated_at = now()
      FROM input i
     WHERE u.twitch_user_id = i.pid
       AND (u.username IS DISTINCT FROM i.login OR u.display_name IS DISTINCT FROM i.display)
    RETURNING u.user_id
)
SELECT user_id, pid AS platform_user_id FROM created
UNION ALL
SELECT u.user_id, u.twitch_user_id FROM users u JOIN input i ON u.twitch_user_id = i.pid;
