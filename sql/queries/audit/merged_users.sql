-- Audit: characters merged into another that still hold wealth or a platform identity.
-- params: none
-- returns: rows (user_id, merged_into_user_id, wealth, identities)
SELECT user_id, merged_into_user_id, wealth,
       num_nonnulls(kick_user_id, twitch_user_id, discord_user_id, console_user_id) AS identities
  FROM users
 WHERE merged_into_user_id IS NOT NULL
   AND (wealth <> 0 OR num_nonnulls(kick_user_id, twitch_user_id, discord_user_id, console_user_id) > 0)
 ORDER BY user_id;
