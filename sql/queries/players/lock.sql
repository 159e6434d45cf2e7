-- Lock players for a command, in ascending id order (no deadlocks), with what most rules read.
-- params: $1 user ids bigint[]
-- returns: one row per player
SELECT u.user_id, u.username, u.display_name, u.wealth, u.xp, u.level, u.status_tier,
       u.jailed_until, u.checkin_streak, u.longest_streak, u.last_checkin_date,
       u.housing_debt_days, u.faction_id, u.created_at,
       COALESCE(t.balance, 0) AS tokens
  FROM users u
  LEFT JOIN heist_tokens t ON t.user_id = u.user_id
 WHERE u.user_id = ANY($1::bigint[])
 ORDER BY u.user_id
   FOR UPDATE OF u;
