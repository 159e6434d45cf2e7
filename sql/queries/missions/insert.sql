-- Assign a set of missions (a template already assigned this period is skipped).
-- params: $1 user_id bigint, $2 mission_type text, $3 period_start date, $4 tier text,
--         $5 multiplier numeric, $6 expires_at timestamptz, $7 assigned_at timestamptz,
--         $8 template ids text[], $9 objective types text[], $10 objective values int[],
--         $11 reward wealth bigint[], $12 reward xp bigint[], $13 starting progress int[]
-- returns: rows (user_mission_id) of the new missions
INSERT INTO user_missions (user_id, template_id, mission_type, objective_type, period_start,
                           assigned_tier, tier_multiplier, objective_value, reward_wealth, reward_xp,
                           current_progress, is_completed, completed_at, assigned_at, expires_at)
SELECT $1, t.template_id, $2, t.objective_type, $3, $4, $5, t.objective_value, t.reward_wealth,
       t.reward_xp, LEAST(t.progress, t.objective_value), t.progress >= t.objective_value,
       CASE WHEN t.progress >= t.objective_value THEN $7::timestamptz END, $7, $6
  FROM unnest($8::text[], $9::text[], $10::int[], $11::bigint[], $12::bigint[], $13::int[])
       AS t(template_id, objective_type, objective_value, reward_wealth, reward_xp, progress)
ON CONFLICT (user_id, template_id, period_start) DO NOTHING
RETURNING user_mission_id;
