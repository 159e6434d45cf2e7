-- Load the factions (game/content/factions.json). Home territories are linked afterwards by
-- content/link_faction_homes (territories reference factions, and factions territories).
-- Factions have no retire flag: a faction dropped from the file is left as it is.
-- params: $1 jsonb array of {key, faction_name, faction_type, description, color_hex, motto,
--         motto_english, emoji, aliases, display_order}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of faction keys;
--          deactivated is always empty
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, faction_name text, faction_type text, description text, color_hex text,
          motto text, motto_english text, emoji text, aliases text[], display_order integer)
),
existing AS (
    SELECT faction_key FROM factions WHERE faction_key IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO factions AS t (
        faction_key, faction_name, faction_type, description, color_hex, motto, motto_english,
        emoji, aliases, display_order)
    SELECT key, faction_name, faction_type, description, color_hex, motto, motto_english,
           emoji, COALESCE(aliases, '{}'), COALESCE(display_order, 0)
      FROM src
    ON CONFLICT (faction_key) DO UPDATE
       SET faction_name = EXCLUDED.faction_name,
           faction_type = EXCLUDED.faction_type,
           description = EXCLUDED.description,
           color_hex = EXCLUDED.color_hex,
           motto = EXCLUDED.motto,
           motto_english = EXCLUDED.motto_english,
           emoji = EXCLUDED.emoji,
           aliases = EXCLUDED.aliases,
           display_order = EXCLUDED.display_order
     WHERE (t.faction_name, t.faction_type, t.description, t.color_hex, t.motto,
            t.motto_english, t.emoji, t.aliases, t.display_order)
           IS DISTINCT FROM
           (EXCLUDED.faction_name, EXCLUDED.faction_type, EXCLUDED.description,
            EXCLUDED.color_hex, EXCLUDED.motto, EXCLUDED.motto_english, EXCLUDED.emoji,
            EXCLUDED.aliases, EXCLUDED.display_order)
    RETURNING t.faction_key
)
SELECT ARRAY(SELECT faction_key FROM upserted
              WHERE faction_key NOT IN (SELECT faction_key FROM existing) ORDER BY 1) AS inserted,
       ARRAY(SELECT faction_key FROM upserted
              WHERE faction_key IN (SELECT faction_key FROM existing) ORDER BY 1) AS updated,
       '{}'::text[] AS deactivated;
