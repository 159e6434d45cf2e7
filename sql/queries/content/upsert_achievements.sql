-- Load the achievement catalogue (game/content/achievements.json); retire rows no longer shipped.
-- Player progress lives in user_achievements and is never touched.
-- params: $1 jsonb array of {key, achievement_name, description, category, tier,
--         requirement_type, requirement_value, reward_wealth, reward_xp, reward_bonds,
--         reward_title, is_hidden, display_order}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of achievement keys
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, achievement_name text, description text, category text, tier text,
          requirement_type text, requirement_value bigint, reward_wealth bigint,
          reward_xp bigint, reward_bonds bigint, reward_title text, is_hidden boolean,
          display_order integer)
),
existing AS (
    SELECT achievement_key FROM achievements WHERE achievement_key IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO achievements AS t (
        achievement_key, achievement_name, description, category, tier, requirement_type,
        requirement_value, reward_wealth, reward_xp, reward_bonds, reward_title, is_hidden,
        display_order, is_active)
    SELECT key, achievement_name, description, category, tier, requirement_type,
           requirement_value, COALESCE(reward_wealth, 0), COALESCE(reward_xp, 0),
           COALESCE(reward_bonds, 0), reward_title, COALESCE(is_hidden, false),
           COALESCE(display_order, 0), true
      FROM src
    ON CONFLICT (achievement_key) DO UPDATE
       SET achievement_name = EXCLUDED.achievement_name,
           description = EXCLUDED.description,
           category = EXCLUDED.category,
           tier = EXCLUDED.tier,
           requirement_type = EXCLUDED.requirement_type,
           requirement_value = EXCLUDED.requirement_value,
           reward_wealth = EXCLUDED.reward_wealth,
           reward_xp = EXCLUDED.reward_xp,
           reward_bonds = EXCLUDED.reward_bonds,
           reward_title = EXCLUDED.reward_title,
           is_hidden = EXCLUDED.is_hidden,
           display_order = EXCLUDED.display_order,
           is_active = true,
           updated_at = now()
     WHERE (t.achievement_name, t.description, t.category, t.tier, t.requirement_type,
            t.requirement_value, t.reward_wealth, t.reward_xp, t.reward_bonds, t.reward_title,
            t.is_hidden, t.display_order, t.is_active)
           IS DISTINCT FROM
           (EXCLUDED.achievement_name, EXCLUDED.description, EXCLUDED.category, EXCLUDED.tier,
            EXCLUDED.requirement_type, EXCLUDED.requirement_value, EXCLUDED.reward_wealth,
            EXCLUDED.reward_xp, EXCLUDED.reward_bonds, EXCLUDED.reward_title,
            EXCLUDED.is_hidden, EXCLUDED.display_order, EXCLUDED.is_active)
    RETURNING t.achievement_key
),
retired AS (
    UPDATE achievements
       SET is_active = false, updated_at = now()
     WHERE is_active AND achievement_key NOT IN (SELECT key FROM src)
    RETURNING achievement_key
)
SELECT ARRAY(SELECT achievement_key FROM upserted
              WHERE achievement_key NOT IN (SELECT achievement_key FROM existing) ORDER BY 1)
           AS inserted,
       ARRAY(SELECT achievement_key FROM upserted
              WHERE achievement_key IN (SELECT achievement_key FROM existing) ORDER BY 1)
           AS updated,
       ARRAY(SELECT achievement_key FROM retired ORDER BY 1) AS deactivated;
