-- Record the distinct catalogue items the players hold now (inventory and escrow) as ever held,
-- and return how many distinct items each has ever held.
-- params: $1 user_id bigint[]
-- returns: rows (user_id, distinct_items bigint)
WITH ins AS (
    INSERT INTO user_item_discoveries (user_id, item_id)
    SELECT DISTINCT i.user_id, i.item_id FROM user_inventory i WHERE i.user_id = ANY($1::bigint[])
    ON CONFLICT (user_id, item_id) DO NOTHING
    RETURNING user_id
)
SELECT u.user_id,
       (SELECT count(*) FROM user_item_discoveries d WHERE d.user_id = u.user_id)
       + (SELECT count(*) FROM ins WHERE ins.user_id = u.user_id) AS distinct_items
  FROM unnest($1::bigint[]) AS u(user_id);
