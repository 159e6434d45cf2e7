-- Load the territories (game/content/territories.json). The starting faction sets
-- controlling_faction_id on first insert only: control won in play is never reset by a load.
-- Territories have no retire flag: one dropped from the file is left as it is.
-- params: $1 jsonb array of {key, territory_name, description, is_contested, buff_type,
--         buff_value (fraction), starting_faction (faction key or null), display_order}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of territory keys;
--          deactivated is always empty
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, territory_name text, description text, is_contested boolean,
          buff_type text, buff_value numeric, starting_faction text, display_order integer)
),
existing AS (
    SELECT territory_key FROM territories WHERE territory_key IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO territories AS t (
        territory_key, territory_name, description, is_contested, buff_type, buff_rate,
        display_order, controlling_faction_id)
    SELECT src.key, src.territory_name, src.description, COALESCE(src.is_contested, false),
           src.buff_type, src.buff_value, COALESCE(src.display_order, 0),
           (SELECT f.faction_id FROM factions AS f WHERE f.faction_key = src.starting_faction)
      FROM src
    ON CONFLICT (territory_key) DO UPDATE
       SET territory_name = EXCLUDED.territory_name,
           description = EXCLUDED.description,
           is_contested = EXCLUDED.is_contested,
           buff_type = EXCLUDED.buff_type,
           buff_rate = EXCLUDED.buff_rate,
           display_order = EXCLUDED.display_order
     WHERE (t.territory_name, t.description, t.is_contested, t.buff_type, t.buff_rate,
            t.display_order)
           IS DISTINCT FROM
           (EXCLUDED.territory_name, EXCLUDED.description, EXCLUDED.is_contested,
            EXCLUDED.buff_type, EXCLUDED.buff_rate, EXCLUDED.display_order)
    RETURNING t.territory_key
)
SELECT ARRAY(SELECT territory_key FROM upserted
              WHERE territory_key NOT IN (SELECT territory_key FROM existing) ORDER BY 1)
           AS inserted,
       ARRAY(SELECT territory_key FROM upserted
              WHERE territory_key IN (SELECT territory_key FROM existing) ORDER BY 1)
           AS updated,
       '{}'::text[] AS deactivated;
