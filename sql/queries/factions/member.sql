-- One player's faction standing: membership, cooldowns, territory, this week's points.
-- params: $1 user_id bigint, $2 week start date
-- returns: one row (level, faction_id, joined_at, left_at, locked_until, territory_id,
--          assigned_at, week_points bigint) or none for an unknown player
SELECT u.level, u.faction_id, u.joined_faction_at AS joined_at, u.faction_left_at AS left_at,
       u.faction_reward_locked_until AS locked_until, a.territory_id, a.assigned_at,
       COALESCE((SELECT l.faction_points FROM leaderboard_snapshots l
                  WHERE l.period_type = 'weekly' AND l.period_start = $2 AND l.user_id = u.user_id), 0)
           AS week_points
  FROM users u
  LEFT JOIN user_territory_assignments a ON a.user_id = u.user_id
 WHERE u.user_id = $1;
