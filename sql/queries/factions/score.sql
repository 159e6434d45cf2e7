-- Score activity for the players' factions on their territories for one game day, and add it to
-- each member's weekly faction points. Players in no faction (or with no territory) score
-- nothing. Chat flushes and commands both use it, with per-player counts.
-- params: $1 user ids bigint[], $2 messages bigint[], $3 plays bigint[], $4 robs bigint[],
--         $5 missions bigint[], $6 checkins bigint[], $7 day date, $8 week start date,
--         $9 week end date, $10 points per (message, play, rob, mission, checkin) bigint[]
-- returns: rows (user_id, points bigint) for the players who scored
WITH input AS (
    SELECT d.user_id, u.faction_id, a.territory_id, d.msg, d.play, d.rob, d.mission, d.checkin,
           d.msg * ($10::bigint[])[1] + d.play * ($10::bigint[])[2] + d.rob * ($10::bigint[])[3]
               + d.mission * ($10::bigint[])[4] + d.checkin * ($10::bigint[])[5] AS points
      FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
               AS d(user_id, msg, play, rob, mission, checkin)
      JOIN users u ON u.user_id = d.user_id AND u.faction_id IS NOT NULL
      JOIN user_territory_assignments a ON a.user_id = d.user_id
), territory AS (
    INSERT INTO territory_scores AS s (territory_id, faction_id, score_date, total_score, messages,
                                       plays, robs, missions, checkins)
    SELECT territory_id, faction_id, $7::date, sum(points), sum(msg), sum(play), sum(rob), sum(mission),
           sum(checkin)
      FROM input
     GROUP BY territory_id, faction_id
     ORDER BY territory_id, faction_id
    ON CONFLICT (territory_id, faction_id, score_date) DO UPDATE
       SET total_score = s.total_score + EXCLUDED.total_score,
           messages = s.messages + EXCLUDED.messages, plays = s.plays + EXCLUDED.plays,
           robs = s.robs + EXCLUDED.robs, missions = s.missions + EXCLUDED.missions,
           checkins = s.checkins + EXCLUDED.checkins
), weekly AS (
    INSERT INTO leaderboard_snapshots AS l (period_type, period_start, period_end, user_id,
                                            faction_points)
    SELECT 'weekly', $8::date, $9::date, user_id, points FROM input WHERE points > 0
     ORDER BY user_id
    ON CONFLICT (period_type, period_start, user_id) DO UPDATE
       SET faction_points = l.faction_points + EXCLUDED.faction_points, updated_at = now()
)
SELECT user_id, points FROM input WHERE points > 0;
