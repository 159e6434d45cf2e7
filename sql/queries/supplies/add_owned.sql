-- Give a player one single-use consumable, up to its cap; none back when the cap is reached.
-- params: $1 user_id bigint, $2 consumable_key text, $3 max_owned int
-- returns: one row (quantity) or none
INSERT INTO user_consumables AS c (user_id, consumable_key, quantity)
VALUES ($1, $2, 1)
ON CONFLICT (user_id, consumable_key) DO UPDATE
   SET quantity = c.quantity + 1, updated_at = now()
 WHERE c.quantity < $3
RETURNING quantity;
