-- Merge: hand the absorbed player's items and crates to the survivor (source 'merge').
-- An item stays equipped only when the survivor has nothing equipped in that slot.
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint
-- returns: one row (items, crates) moved
WITH items AS (
    UPDATE user_inventory a
       SET user_id = $2,
           source = 'merge',
           is_equipped = a.is_equipped AND NOT s.taken,
           equipped_at = CASE WHEN a.is_equipped AND NOT s.taken THEN a.equipped_at END
      FROM (SELECT slot, EXISTS (SELECT 1 FROM user_inventory x
                                  WHERE x.user_id = $2 AND x.slot = k.slot AND x.is_equipped) AS taken
              FROM (VALUES ('weapon'), ('armor'), ('business'), ('housing')) AS k (slot)) s
     WHERE a.user_id = $1 AND a.slot = s.slot
    RETURNING a.inventory_id
), crates AS (
    UPDATE user_crates SET user_id = $2, source = 'merge' WHERE user_id = $1
    RETURNING crate_id
)
SELECT (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM crates) AS crates;
