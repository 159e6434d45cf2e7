-- Rarity: for every achievement, how many of the active players (seen since $1) hold it.
-- params: $1 active since timestamptz, $2 slot timestamptz
-- returns: rows (achievement_id)
WITH active AS (
    SELECT user_id FROM users WHERE last_seen_at >= $1 AND merged_into_user_id IS NULL
), n AS (
    SELECT count(*) AS players FROM active
)
INSERT INTO achievement_rarity AS r (achievement_id, holders, active_players, computed_for)
SELECT a.achievement_id,
       (SELECT count(*) FROM user_achievements ua JOIN active USING (user_id)
         WHERE ua.achievement_id = a.achievement_id AND ua.is_completed),
       n.players, $2
  FROM achievements a CROSS JOIN n
 WHERE a.is_active
ON CONFLICT (achievement_id) DO UPDATE
   SET holders = EXCLUDED.holders, active_players = EXCLUDED.active_players,
       computed_for = EXCLUDED.computed_for
RETURNING achievement_id;
