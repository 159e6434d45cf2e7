-- Open a crate: delete it and record what it gave, once (crate_opens.crate_id is unique).
-- params: $1 crate_id bigint, $2 user_id bigint, $3 tier text, $4 drop_type text,
--         $5 item_key text (nullable), $6 wealth bigint (nullable), $7 title text (nullable),
--         $8 duplicate boolean (nullable), $9 duplicate conversion bigint (nullable)
-- returns: one row (open_id) or none if the crate was not the player's
WITH gone AS (
    DELETE FROM user_crates WHERE crate_id = $1 AND user_id = $2 RETURNING crate_id
)
INSERT INTO crate_opens (crate_id, user_id, crate_tier, drop_type, item_id, item_tier,
                         wealth_amount, title_name, title_was_duplicate, duplicate_conversion)
SELECT g.crate_id, $2, $3, $4, i.item_id, i.tier, $6, $7, $8, $9
  FROM gone g
  LEFT JOIN items i ON i.item_key = $5
RETURNING open_id;
