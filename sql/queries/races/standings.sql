-- Every player's score in a race's metric over game days [$2, $3), best first (0s left out).
-- wagered/won come from gamble_daily; the rest from the daily leaderboard rows
-- (contributed in cents).
-- params: $1 metric text, $2 starts_on date, $3 ends_on date
-- returns: rows (user_id, name, score)
WITH scores AS (
    SELECT g.user_id, sum(CASE $1 WHEN 'wagered' THEN g.wagered ELSE g.won END)::bigint AS score
      FROM gamble_daily g
     WHERE $1 IN ('wagered', 'won') AND g.day >= $2 AND g.day < $3
     GROUP BY g.user_id
    UNION ALL
    SELECT l.user_id, sum(CASE $1 WHEN 'plays' THEN l.play_count WHEN 'robs' THEN l.rob_count
                              WHEN 'messages' THEN l.messages_sent
                              ELSE l.total_contributed_cents END)::bigint AS score
      FROM leaderboard_snapshots l
     WHERE $1 NOT IN ('wagered', 'won') AND l.period_type = 'daily'
       AND l.period_start >= $2 AND l.period_start < $3
     GROUP BY l.user_id
)
SELECT s.user_id, COALESCE(u.display_name, u.username) AS name, s.score
  FROM scores s JOIN users u ON u.user_id = s.user_id
 WHERE s.score > 0 AND u.merged_into_user_id IS NULL
 ORDER BY s.score DESC, s.user_id;
