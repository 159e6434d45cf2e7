-- Platform identities and merge state of players (call after locking them).
-- params: $1 user ids bigint[]
-- returns: one row per player (user_id, kick_user_id, twitch_user_id, discord_user_id,
--          console_user_id, merged_into_user_id)
SELECT user_id, kick_user_id, twitch_user_id, discord_user_id, console_user_id, merged_into_user_id
  FROM users
 WHERE user_id = ANY($1::bigint[])
 ORDER BY user_id;
