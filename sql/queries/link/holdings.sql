-- What a player owns besides wealth, XP and tokens (decides whether a merge carries progress).
-- params: $1 user_id bigint
-- returns: one row (items, crates, titles, consumables)
SELECT (SELECT count(*) FROM user_inventory WHERE user_id = $1) AS items,
       (SELECT count(*) FROM user_crates WHERE user_id = $1) AS crates,
       (SELECT count(*) FROM user_titles WHERE user_id = $1) AS titles,
       (SELECT COALESCE(sum(quantity), 0) FROM user_consumables WHERE user_id = $1) AS consumables;
