-- Join a faction and take a territory, in one statement; only a player in no faction joins.
-- The reward lockout applies to a player who left a faction before (a switch).
-- params: $1 user_id bigint, $2 faction_id bigint, $3 now timestamptz, $4 territory_id bigint,
--         $5 reward lockout seconds double precision
-- returns: one row (faction_id, locked_until) or none when the player is in a faction already
WITH joined AS (
    UPDATE users
       SET faction_id = $2, joined_faction_at = $3::timestamptz,
           faction_reward_locked_until = CASE WHEN faction_left_at IS NOT NULL
                                              THEN $3::timestamptz + make_interval(secs => $5) END,
           updated_at = now()
     WHERE user_id = $1 AND faction_id IS NULL
    RETURNING user_id, faction_id, faction_reward_locked_until
), placed AS (
    INSERT INTO user_territory_assignments (user_id, territory_id, assigned_at)
    SELECT user_id, $4, $3::timestamptz FROM joined
    ON CONFLICT (user_id) DO UPDATE SET territory_id = EXCLUDED.territory_id,
                                        assigned_at = EXCLUDED.assigned_at
    RETURNING user_id
)
SELECT j.faction_id, j.faction_reward_locked_until AS locked_until
  FROM joined j JOIN placed p USING (user_id);
