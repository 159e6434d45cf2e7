-- Add to a player's leaderboard counters for every period containing the given day.
-- params: $1 user_id bigint, $2 period types text[], $3 period starts date[],
--         $4 period ends date[], $5 wealth_earned, $6 xp_earned, $7 play_count, $8 rob_count,
--         $9 rob_success_count, $10 checkins, $11 crates_opened (bigint deltas)
-- returns: nothing
INSERT INTO leaderboard_snapshots AS l (period_type, period_start, period_end, user_id,
    wealth_earned, xp_earned, play_count, rob_count, rob_success_count, checkins, crates_opened)
SELECT p.period_type, p.period_start, p.period_end, $1, $5, $6, $7, $8, $9, $10, $11
  FROM unnest($2::text[], $3::date[], $4::date[]) AS p(period_type, period_start, period_end)
ON CONFLICT (period_type, period_start, user_id) DO UPDATE
   SET wealth_earned = l.wealth_earned + EXCLUDED.wealth_earned,
       xp_earned = l.xp_earned + EXCLUDED.xp_earned,
       play_count = l.play_count + EXCLUDED.play_count,
       rob_count = l.rob_count + EXCLUDED.rob_count,
       rob_success_count = l.rob_success_count + EXCLUDED.rob_success_count,
       checkins = l.checkins + EXCLUDED.checkins,
       crates_opened = l.crates_opened + EXCLUDED.crates_opened,
       updated_at = now();
