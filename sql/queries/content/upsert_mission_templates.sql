-- Load the mission templates (game/content/mission_templates.json); retire templates no longer
-- shipped. Missions already assigned keep their own copies of objective and rewards.
-- params: $1 jsonb array of {key, mission_type, category, difficulty, name, description,
--         objective_type, objective_base_value, is_luck_based, requires_item, reward_wealth,
--         reward_xp}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of template ids
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, mission_type text, category text, difficulty text, name text,
          description text, objective_type text, objective_base_value integer,
          is_luck_based boolean, requires_item text, reward_wealth bigint, reward_xp bigint)
),
existing AS (
    SELECT template_id FROM mission_templates WHERE template_id IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO mission_templates AS t (
        template_id, mission_type, category, difficulty, name, description, objective_type,
        objective_base_value, is_luck_based, requires_item, reward_wealth, reward_xp, is_active)
    SELECT key, mission_type, category, difficulty, name, description, objective_type,
           objective_base_value, COALESCE(is_luck_based, false), requires_item, reward_wealth,
           reward_xp, true
      FROM src
    ON CONFLICT (template_id) DO UPDATE
       SET mission_type = EXCLUDED.mission_type,
           category = EXCLUDED.category,
           difficulty = EXCLUDED.difficulty,
           name = EXCLUDED.name,
           description = EXCLUDED.description,
           objective_type = EXCLUDED.objective_type,
           objective_base_value = EXCLUDED.objective_base_value,
           is_luck_based = EXCLUDED.is_luck_based,
           requires_item = EXCLUDED.requires_item,
           reward_wealth = EXCLUDED.reward_wealth,
           reward_xp = EXCLUDED.reward_xp,
           is_active = true,
           updated_at = now()
     WHERE (t.mission_type, t.category, t.difficulty, t.name, t.description, t.objective_type,
            t.objective_base_value, t.is_luck_based, t.requires_item, t.reward_wealth,
            t.reward_xp, t.is_active)
           IS DISTINCT FROM
           (EXCLUDED.mission_type, EXCLUDED.category, EXCLUDED.difficulty, EXCLUDED.name,
            EXCLUDED.description, EXCLUDED.objective_type, EXCLUDED.objective_base_value,
            EXCLUDED.is_luck_based, EXCLUDED.requires_item, EXCLUDED.reward_wealth,
            EXCLUDED.reward_xp, EXCLUDED.is_active)
    RETURNING t.template_id
),
retired AS (
    UPDATE mission_templates
       SET is_active = false, updated_at = now()
     WHERE is_active AND template_id NOT IN (SELECT key FROM src)
    RETURNING template_id
)
SELECT ARRAY(SELECT template_id FROM upserted
              WHERE template_id NOT IN (SELECT template_id FROM existing) ORDER BY 1)
           AS inserted,
       ARRAY(SELECT template_id FROM upserted
              WHERE template_id IN (SELECT template_id FROM existing) ORDER BY 1) AS updated,
       ARRAY(SELECT template_id FROM retired ORDER BY 1) AS deactivated;
