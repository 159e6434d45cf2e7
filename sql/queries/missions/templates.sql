-- Active mission templates.
-- params: none
-- returns: rows (template_id, mission_type, category, difficulty, name, description,
--          objective_type, objective_base_value, is_luck_based, reward_wealth, reward_xp)
SELECT template_id, mission_type, category, difficulty, name, description, objective_type,
       objective_base_value, is_luck_based, reward_wealth, reward_xp
  FROM mission_templates WHERE is_active ORDER BY template_id;
