-- The top of one period leaderboard by one metric (zero values hidden, merged players skipped).
-- Ties share a rank (1 + the number of players with a strictly higher value).
-- params: $1 period_type text, $2 period_start date,
--         $3 metric text (a leaderboard_snapshots counter column name;
--         'messages_sent' reads chat_counts), $4 limit int
-- returns: rows (user_id, name, value bigint, rank bigint), best first
WITH scored AS (
    SELECT l.user_id,
           CASE $3::text
               WHEN 'wealth_earned' THEN l.wealth_earned
               WHEN 'xp_earned' THEN l.xp_earned
               WHEN 'play_count' THEN l.play_count
               WHEN 'rob_count' THEN l.rob_count
               WHEN 'rob_success_count' THEN l.rob_success_count
               WHEN 'messages_sent' THEN l.messages_sent
               WHEN 'checkins' THEN l.checkins
               WHEN 'crates_opened' THEN l.crates_opened
               WHEN 'total_contributed_cents' THEN l.total_contributed_cents
           END AS value
      FROM leaderboard_snapshots l
     WHERE l.period_type = $1 AND l.period_start = $2 AND $3::text <> 'messages_sent'
    UNION ALL
    -- chat messages are counted in chat_counts (rows the chat flush owns; issue 21)
    SELECT c.user_id, c.messages
      FROM chat_counts c
     WHERE c.period_type = $1 AND c.period_start = $2 AND $3::text = 'messages_sent'
)
SELECT s.user_id,
       COALESCE(NULLIF(u.display_name, ''), u.username) AS name,
       s.value,
       rank() OVER (ORDER BY s.value DESC) AS rank
  FROM scored s
  JOIN users u ON u.user_id = s.user_id AND u.merged_into_user_id IS NULL
 WHERE s.value > 0
 ORDER BY s.value DESC, s.user_id
 LIMIT $4;
