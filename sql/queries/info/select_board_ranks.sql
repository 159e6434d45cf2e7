-- One player's rank on several period leaderboards of one metric, in the order given.
-- Rank = 1 + players with a strictly higher value; zero values and merged players are unranked.
-- params: $1 user_id bigint, $2 period types text[], $3 period starts date[],
--         $4 metric text (a leaderboard_snapshots counter column name;
--         'messages_sent' reads chat_counts)
-- returns: rows (period_type, value bigint or null, rank bigint or null, entries bigint)
WITH periods AS (
    SELECT p.period_type, p.period_start, p.ord
      FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS p(period_type, period_start, ord)
),
scored AS (
    SELECT p.period_type, l.user_id,
           CASE $4::text
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
      FROM periods p
      JOIN leaderboard_snapshots l
        ON l.period_type = p.period_type AND l.period_start = p.period_start
      JOIN users u ON u.user_id = l.user_id AND u.merged_into_user_id IS NULL
     WHERE $4::text <> 'messages_sent'
    UNION ALL
    -- chat messages are counted in chat_counts (rows the chat flush owns; issue 21)
    SELECT p.period_type, c.user_id, c.messages
      FROM periods p
      JOIN chat_counts c ON c.period_type = p.period_type AND c.period_start = p.period_start
      JOIN users u ON u.user_id = c.user_id AND u.merged_into_user_id IS NULL
     WHERE $4::text = 'messages_sent'
),
ranked AS (
    SELECT period_type, user_id, value,
           rank() OVER (PARTITION BY period_type ORDER BY value DESC) AS rank,
           count(*) OVER (PARTITION BY period_type) AS entries
      FROM scored
     WHERE value > 0
)
SELECT p.period_type, r.value, r.rank,
       (SELECT count(*) FROM ranked e WHERE e.period_type = p.period_type) AS entries
  FROM periods p
  LEFT JOIN ranked r ON r.period_type = p.period_type AND r.user_id = $1
 ORDER BY p.ord;
