-- Merge: mark the absorbed player merged and free its platform identities (moved next).
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint, $3 now timestamptz
-- returns: one row (user_id) or none when it was already merged
UPDATE users
   SET merged_into_user_id = $2, merged_at = $3,
       kick_user_id = NULL, twitch_user_id = NULL, discord_user_id = NULL, console_user_id = NULL,
       updated_at = now()
 WHERE user_id = $1 AND merged_into_user_id IS NULL
RETURNING user_id;
