-- Step a player's casino win streak after a won (+1) or lost (back to 0) round.
-- params: $1 user_id bigint, $2 won bool
-- returns: the new streak (integer)
UPDATE users
   SET gamble_win_streak = CASE WHEN $2 THEN gamble_win_streak + 1 ELSE 0 END
 WHERE user_id = $1
RETURNING gamble_win_streak;
