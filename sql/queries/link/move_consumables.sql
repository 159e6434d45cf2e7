-- Merge: add the absorbed player's consumables to the survivor's.
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint
-- returns: one row (quantity) moved
WITH gone AS (
    DELETE FROM user_consumables WHERE user_id = $1 RETURNING consumable_key, quantity
), added AS (
    INSERT INTO user_consumables AS c (user_id, consumable_key, quantity)
    SELECT $2, consumable_key, quantity FROM gone
    ON CONFLICT (user_id, consumable_key) DO UPDATE
       SET quantity = c.quantity + EXCLUDED.quantity, updated_at = now()
    RETURNING 1
)
SELECT COALESCE((SELECT sum(quantity) FROM gone), 0) AS quantity, (SELECT count(*) FROM added) AS kinds;
