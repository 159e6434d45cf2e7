-- Check-ins a player made in the current daily and weekly periods (seeds calendar-bound missions).
-- params: $1 user_id bigint, $2 daily period start date, $3 weekly period start date
-- returns: one row (daily bigint, weekly bigint)
SELECT COALESCE((SELECT checkins FROM leaderboard_snapshots
                  WHERE user_id = $1 AND period_type = 'daily' AND period_start = $2), 0) AS daily,
       COALESCE((SELECT checkins FROM leaderboard_snapshots
                  WHERE user_id = $1 AND period_type = 'weekly' AND period_start = $3), 0) AS weekly;
