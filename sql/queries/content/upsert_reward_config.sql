-- Load the money-event rewards (game/content/reward_config.json), keyed by (platform,
-- event_type); a pair no longer shipped is set inactive (recorded, pays nothing).
-- params: $1 jsonb array of {platform, event_type, spec_event_type, unit, wealth_per_unit,
--         xp_per_unit, usd_cents_per_unit, tier_multiplier, usd_cents_by_tier, min_units,
--         description, is_active}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of
--          '<platform>.<event_type>' keys
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          platform text, event_type text, spec_event_type text, unit text,
          wealth_per_unit bigint, xp_per_unit bigint, usd_cents_per_unit bigint,
          tier_multiplier jsonb, usd_cents_by_tier jsonb, min_units integer,
          description text, is_active boolean)
),
existing AS (
    SELECT platform, event_type
      FROM reward_config
     WHERE (platform, event_type) IN (SELECT platform, event_type FROM src)
),
upserted AS (
    INSERT INTO reward_config AS t (
        platform, event_type, spec_event_type, unit, wealth_per_unit, xp_per_unit,
        usd_cents_per_unit, tier_multiplier, usd_cents_by_tier, min_units, description,
        is_active)
    SELECT platform, event_type, spec_event_type, unit, wealth_per_unit, xp_per_unit,
           COALESCE(usd_cents_per_unit, 0), tier_multiplier, usd_cents_by_tier, min_units,
           description, COALESCE(is_active, true)
      FROM src
    ON CONFLICT (platform, event_type) DO UPDATE
       SET spec_event_type = EXCLUDED.spec_event_type,
           unit = EXCLUDED.unit,
           wealth_per_unit = EXCLUDED.wealth_per_unit,
           xp_per_unit = EXCLUDED.xp_per_unit,
           usd_cents_per_unit = EXCLUDED.usd_cents_per_unit,
           tier_multiplier = EXCLUDED.tier_multiplier,
           usd_cents_by_tier = EXCLUDED.usd_cents_by_tier,
           min_units = EXCLUDED.min_units,
           description = EXCLUDED.description,
           is_active = EXCLUDED.is_active,
           updated_at = now()
     WHERE (t.spec_event_type, t.unit, t.wealth_per_unit, t.xp_per_unit, t.usd_cents_per_unit,
            t.tier_multiplier, t.usd_cents_by_tier, t.min_units, t.description, t.is_active)
           IS DISTINCT FROM
           (EXCLUDED.spec_event_type, EXCLUDED.unit, EXCLUDED.wealth_per_unit,
            EXCLUDED.xp_per_unit, EXCLUDED.usd_cents_per_unit, EXCLUDED.tier_multiplier,
            EXCLUDED.usd_cents_by_tier, EXCLUDED.min_units, EXCLUDED.description,
            EXCLUDED.is_active)
    RETURNING t.platform, t.event_type
),
retired AS (
    UPDATE reward_config
       SET is_active = false, updated_at = now()
     WHERE is_active
       AND (platform, event_type) NOT IN (SELECT platform, event_type FROM src)
    RETURNING platform, event_type
)
SELECT ARRAY(SELECT u.platform || '.' || u.event_type FROM upserted AS u
              WHERE (u.platform, u.event_type) NOT IN (SELECT platform, event_type FROM existing)
              ORDER BY 1) AS inserted,
       ARRAY(SELECT u.platform || '.' || u.event_type FROM upserted AS u
              WHERE (u.platform, u.event_type) IN (SELECT platform, event_type FROM existing)
              ORDER BY 1) AS updated,
       ARRAY(SELECT r.platform || '.' || r.event_type FROM retired AS r ORDER BY 1)
           AS deactivated;
