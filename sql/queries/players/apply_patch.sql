-- Apply every non-wealth change of one resolution to one player row at once.
-- params: $1 user_id bigint, $2 xp delta bigint, $3 new level int (nullable = keep),
--         $4 new tier text (nullable = keep), $5 jail action int (0 keep, 1 set, 2 clear),
--         $6 jailed_until timestamptz, $7 check-in date (nullable = keep), $8 streak int,
--         $9 longest streak int, $10 plays, $11 wins, $12 losses, $13 busts, $14 bails,
--         $15 rob attempts, $16 rob successes, $17 rob defenses, $18 crates opened,
--         $19 times robbed (all bigint deltas)
-- returns: nothing
UPDATE users
   SET xp = xp + $2,
       level = COALESCE($3, level),
       status_tier = COALESCE($4, status_tier),
       jailed_until = CASE $5::int WHEN 1 THEN $6::timestamptz WHEN 2 THEN NULL ELSE jailed_until END,
       last_checkin_date = COALESCE($7, last_checkin_date),
       checkin_streak = CASE WHEN $7::date IS NULL THEN checkin_streak ELSE $8 END,
       longest_streak = CASE WHEN $7::date IS NULL THEN longest_streak ELSE $9 END,
       total_play_count = total_play_count + $10,
       wins = wins + $11,
       losses = losses + $12,
       times_jailed = times_jailed + $13,
       times_bailed = times_bailed + $14,
       rob_attempts = rob_attempts + $15,
       rob_successes = rob_successes + $16,
       rob_defenses = rob_defenses + $17,
       crates_opened = crates_opened + $18,
       times_robbed = times_robbed + $19,
       updated_at = now()
 WHERE user_id = $1;
