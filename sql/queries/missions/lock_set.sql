-- Lock one player's missions of one type and period (to pay the set once).
-- params: $1 user_id bigint, $2 mission_type text, $3 period_start date
-- returns: rows (user_mission_id, template_id, is_completed, status, reward_wealth, reward_xp,
--          assigned_tier, expires_at)
SELECT user_mission_id, template_id, is_completed, status, reward_wealth, reward_xp,
       assigned_tier, expires_at
  FROM user_missions
 WHERE user_id = $1 AND mission_type = $2 AND period_start = $3
 ORDER BY user_mission_id
   FOR UPDATE;
