-- Load the crate title catalogue (keyed by title name); retire titles no longer shipped.
-- params: $1 jsonb array of {name, tier, duplicate_value}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of title names
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (name text, tier text, duplicate_value bigint)
),
existing AS (
    SELECT title_name FROM crate_titles WHERE title_name IN (SELECT name FROM src)
),
upserted AS (
    INSERT INTO crate_titles AS t (title_name, crate_tier, duplicate_value, is_active)
    SELECT name, tier, duplicate_value, true FROM src
    ON CONFLICT (title_name) DO UPDATE
       SET crate_tier = EXCLUDED.crate_tier,
           duplicate_value = EXCLUDED.duplicate_value,
           is_active = true
     WHERE (t.crate_tier, t.duplicate_value, t.is_active)
           IS DISTINCT FROM (EXCLUDED.crate_tier, EXCLUDED.duplicate_value, EXCLUDED.is_active)
    RETURNING t.title_name
),
retired AS (
    UPDATE crate_titles
       SET is_active = false
     WHERE is_active AND title_name NOT IN (SELECT name FROM src)
    RETURNING title_name
)
SELECT ARRAY(SELECT title_name FROM upserted
              WHERE title_name NOT IN (SELECT title_name FROM existing) ORDER BY 1) AS inserted,
       ARRAY(SELECT title_name FROM upserted
              WHERE title_name IN (SELECT title_name FROM existing) ORDER BY 1) AS updated,
       ARRAY(SELECT title_name FROM retired ORDER BY 1) AS deactivated;
