-- Leave the faction: membership and territory go at once (and with them every buff).
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: one row (faction_id: the faction left) or none when the player was in none
WITH before AS (
    SELECT user_id, faction_id FROM users WHERE user_id = $1 AND faction_id IS NOT NULL
), left_it AS (
    UPDATE users u
       SET faction_id = NULL, joined_faction_at = NULL, faction_left_at = $2,
           faction_reward_locked_until = NULL, updated_at = now()
      FROM before b
     WHERE u.user_id = b.user_id
    RETURNING u.user_id
), unassigned AS (
    DELETE FROM user_territory_assignments a USING left_it l WHERE a.user_id = l.user_id
)
SELECT b.faction_id FROM before b JOIN left_it l USING (user_id);
