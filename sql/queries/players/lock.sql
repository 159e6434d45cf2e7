-- Lock players for a command, in ascending id order (no deadlocks), with what most rules read.
-- params: $1 user ids bigint[]
-- returns: one row per player; notification_hint_at and has_unseen let the epilogue skip its
--          unseen-notifications statement when it could not say anything (bot/handlers/progression.py)
SELECT u.user_id, u.username, u.display_name, u.wealth, u.xp, u.level, u.status_tier,
       u.jailed_until, u.checkin_streak, u.longest_streak, u.last_checkin_date,
       u.housing_debt_days, u.faction_id, u.created_at,
       COALESCE(t.balance, 0) AS tokens, u.notification_hint_at,
       EXISTS (SELECT 1 FROM user_notifications n
                WHERE n.user_id = u.user_id AND NOT n.is_seen AND NOT n.is_dismissed) AS has_unseen
  FROM users u
  LEFT JOIN heist_tokens t ON t.user_id = u.user_id
 WHERE u.user_id = ANY($1::bigint[])
 ORDER BY u.user_id
   FOR UPDATE OF u;
