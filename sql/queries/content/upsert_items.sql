-- Load the item catalogue: insert new items, update changed ones, retire items no longer shipped.
-- Rows whose values already match are not touched. Stats that do not belong to an item's type
-- arrive as null.
-- params: $1 jsonb array of {key, name, type, tier, durability, rob_bonus, defense_bonus,
--         insurance, daily_revenue, operating_cost, upkeep, price, sell_price}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of item keys
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, name text, type text, tier text, durability integer,
          rob_bonus numeric, defense_bonus numeric, insurance numeric,
          daily_revenue bigint, operating_cost bigint, upkeep bigint,
          price bigint, sell_price bigint)
),
existing AS (
    SELECT item_key FROM items WHERE item_key IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO items AS t (
        item_key, item_name, item_type, tier, base_durability, rob_bonus, defense_bonus,
        insurance_rate, daily_revenue_potential, daily_operating_cost, daily_upkeep,
        purchase_price, sell_price, is_active)
    SELECT key, name, type, tier, durability, rob_bonus, defense_bonus,
           insurance, daily_revenue, operating_cost, upkeep, price, sell_price, true
      FROM src
    ON CONFLICT (item_key) DO UPDATE
       SET item_name = EXCLUDED.item_name,
           item_type = EXCLUDED.item_type,
           tier = EXCLUDED.tier,
           base_durability = EXCLUDED.base_durability,
           rob_bonus = EXCLUDED.rob_bonus,
           defense_bonus = EXCLUDED.defense_bonus,
           insurance_rate = EXCLUDED.insurance_rate,
           daily_revenue_potential = EXCLUDED.daily_revenue_potential,
           daily_operating_cost = EXCLUDED.daily_operating_cost,
           daily_upkeep = EXCLUDED.daily_upkeep,
           purchase_price = EXCLUDED.purchase_price,
           sell_price = EXCLUDED.sell_price,
           is_active = true,
           updated_at = now()
     WHERE (t.item_name, t.item_type, t.tier, t.base_durability, t.rob_bonus, t.defense_bonus,
            t.insurance_rate, t.daily_revenue_potential, t.daily_operating_cost,
            t.daily_upkeep, t.purchase_price, t.sell_price, t.is_active)
           IS DISTINCT FROM
           (EXCLUDED.item_name, EXCLUDED.item_type, EXCLUDED.tier, EXCLUDED.base_durability,
            EXCLUDED.rob_bonus, EXCLUDED.defense_bonus, EXCLUDED.insurance_rate,
            EXCLUDED.daily_revenue_potential, EXCLUDED.daily_operating_cost,
            EXCLUDED.daily_upkeep, EXCLUDED.purchase_price, EXCLUDED.sell_price,
            EXCLUDED.is_active)
    RETURNING t.item_key
),
retired AS (
    UPDATE items
       SET is_active = false, updated_at = now()
     WHERE is_active AND item_key NOT IN (SELECT key FROM src)
    RETURNING item_key
)
SELECT ARRAY(SELECT item_key FROM upserted
              WHERE item_key NOT IN (SELECT item_key FROM existing) ORDER BY 1) AS inserted,
       ARRAY(SELECT item_key FROM upserted
              WHERE item_key IN (SELECT item_key FROM existing) ORDER BY 1) AS updated,
       ARRAY(SELECT item_key FROM retired ORDER BY 1) AS deactivated;
