-- Load the consumables catalogue (game/content/consumables.json); retire rows no longer shipped.
-- params: $1 jsonb array of {key, name, description, price, max_owned, buff_type, multiplier,
--         duration_minutes}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of consumable keys
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, name text, description text, price bigint, max_owned integer,
          buff_type text, multiplier numeric, duration_minutes integer)
),
existing AS (
    SELECT consumable_key FROM consumables WHERE consumable_key IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO consumables AS t (
        consumable_key, name, description, price, max_owned, buff_type, multiplier,
        duration_minutes, is_active)
    SELECT key, name, description, price, max_owned, buff_type, multiplier, duration_minutes, true
      FROM src
    ON CONFLICT (consumable_key) DO UPDATE
       SET name = EXCLUDED.name,
           description = EXCLUDED.description,
           price = EXCLUDED.price,
           max_owned = EXCLUDED.max_owned,
           buff_type = EXCLUDED.buff_type,
           multiplier = EXCLUDED.multiplier,
           duration_minutes = EXCLUDED.duration_minutes,
           is_active = true,
           updated_at = now()
     WHERE (t.name, t.description, t.price, t.max_owned, t.buff_type, t.multiplier,
            t.duration_minutes, t.is_active)
           IS DISTINCT FROM
           (EXCLUDED.name, EXCLUDED.description, EXCLUDED.price, EXCLUDED.max_owned,
            EXCLUDED.buff_type, EXCLUDED.multiplier, EXCLUDED.duration_minutes,
            EXCLUDED.is_active)
    RETURNING t.consumable_key
),
retired AS (
    UPDATE consumables
       SET is_active = false, updated_at = now()
     WHERE is_active AND consumable_key NOT IN (SELECT key FROM src)
    RETURNING consumable_key
)
SELECT ARRAY(SELECT consumable_key FROM upserted
              WHERE consumable_key NOT IN (SELECT consumable_key FROM existing) ORDER BY 1)
           AS inserted,
       ARRAY(SELECT consumable_key FROM upserted
              WHERE consumable_key IN (SELECT consumable_key FROM existing) ORDER BY 1)
           AS updated,
       ARRAY(SELECT consumable_key FROM retired ORDER BY 1) AS deactivated;
