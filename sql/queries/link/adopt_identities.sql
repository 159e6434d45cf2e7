-- Merge: give the survivor the absorbed player's platform identities (NULL = none to add).
-- params: $1 survivor user_id bigint, $2 kick id text, $3 twitch id text, $4 discord id text,
--         $5 console id text, $6 now timestamptz
-- returns: one row (user_id)
UPDATE users
   SET kick_user_id = COALESCE(kick_user_id, $2),
       kick_linked_at = CASE WHEN $2::text IS NOT NULL THEN $6 ELSE kick_linked_at END,
       twitch_user_id = COALESCE(twitch_user_id, $3),
       twitch_linked_at = CASE WHEN $3::text IS NOT NULL THEN $6 ELSE twitch_linked_at END,
       discord_user_id = COALESCE(discord_user_id, $4),
       discord_linked_at = CASE WHEN $4::text IS NOT NULL THEN $6 ELSE discord_linked_at END,
       console_user_id = COALESCE(console_user_id, $5),
       updated_at = now()
 WHERE user_id = $1
RETURNING user_id;
