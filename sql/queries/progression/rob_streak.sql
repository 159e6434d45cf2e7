-- Step the rob win streak of attackers: +1 on a successful rob, back to 0 on a failed one.
-- params: $1 user_id bigint[], $2 won bool[]
-- returns: rows (user_id, rob_win_streak)
UPDATE users u
   SET rob_win_streak = CASE WHEN s.won THEN u.rob_win_streak + 1 ELSE 0 END
  FROM unnest($1::bigint[], $2::bool[]) AS s(user_id, won)
 WHERE u.user_id = s.user_id
RETURNING u.user_id, u.rob_win_streak;
