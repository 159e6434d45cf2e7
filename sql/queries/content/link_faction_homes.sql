-- Point each shipped faction at its home territory (run after factions and territories load).
-- params: $1 jsonb array of {key, home_territory} (faction key, territory key or null)
-- returns: one row (updated text[]) of the faction keys whose home changed
WITH src AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS s (key text, home_territory text)
),
wanted AS (
    SELECT src.key, tr.territory_id
      FROM src
      LEFT JOIN territories AS tr ON tr.territory_key = src.home_territory
),
linked AS (
    UPDATE factions AS f
       SET home_territory_id = wanted.territory_id
      FROM wanted
     WHERE f.faction_key = wanted.key
       AND f.home_territory_id IS DISTINCT FROM wanted.territory_id
    RETURNING f.faction_key
)
SELECT ARRAY(SELECT faction_key FROM linked ORDER BY 1) AS updated;
