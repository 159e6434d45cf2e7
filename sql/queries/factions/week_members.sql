-- Every faction member with this week's points and whether the reward lockout holds at payout.
-- params: $1 week start date, $2 payout time timestamptz
-- returns: rows (user_id, faction_id, points bigint, locked boolean, xp bigint, level int)
SELECT u.user_id, u.faction_id,
       COALESCE(l.faction_points, 0) AS points,
       COALESCE(u.faction_reward_locked_until > $2, false) AS locked,
       u.xp, u.level
  FROM users u
  LEFT JOIN leaderboard_snapshots l
         ON l.period_type = 'weekly' AND l.period_start = $1 AND l.user_id = u.user_id
 WHERE u.faction_id IS NOT NULL AND u.merged_into_user_id IS NULL
 ORDER BY u.user_id;
