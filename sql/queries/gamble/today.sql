-- A player's gambling today and their stored loss limit.
-- params: $1 user_id bigint, $2 day date
-- returns: one row (wagered, won, daily_loss_limit, previous_limit, effective_from)
SELECT COALESCE(d.wagered, 0) AS wagered, COALESCE(d.won, 0) AS won,
       l.daily_loss_limit, l.previous_limit, l.effective_from
  FROM (SELECT $1::bigint AS user_id) p
  LEFT JOIN gamble_daily d ON d.user_id = p.user_id AND d.day = $2
  LEFT JOIN gamble_limits l ON l.user_id = p.user_id;
