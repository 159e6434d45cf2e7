-- Players with an equipped item of one type (housing upkeep, business revenue).
-- params: $1 slot text ('housing' | 'business')
-- returns: rows (user_id), ascending
SELECT DISTINCT user_id
  FROM user_inventory
 WHERE is_equipped AND slot = $1
 ORDER BY user_id;
