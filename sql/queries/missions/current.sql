-- A player's missions of the periods starting on the given days (daily, weekly), any status.
-- params: $1 user_id bigint, $2 daily period start date, $3 weekly period start date
-- returns: rows (user_mission_id, template_id, name, description, mission_type, objective_type,
--          objective_value, current_progress, is_completed, status, reward_wealth, reward_xp,
--          expires_at), daily first
SELECT m.user_mission_id, m.template_id, t.name, t.description, m.mission_type, m.objective_type,
       m.objective_value, m.current_progress, m.is_completed, m.status, m.reward_wealth,
       m.reward_xp, m.expires_at
  FROM user_missions m
  JOIN mission_templates t ON t.template_id = m.template_id
 WHERE m.user_id = $1
   AND ((m.mission_type = 'daily' AND m.period_start = $2)
        OR (m.mission_type = 'weekly' AND m.period_start = $3))
 ORDER BY m.mission_type, m.user_mission_id;
