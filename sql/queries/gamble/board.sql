-- Gambling leaderboard over all games: by net winnings ('net') or by amount wagered ('wagered').
-- params: $1 order text ('net' | 'wagered'), $2 limit integer
-- returns: rows (name, wagered, won, net)
SELECT COALESCE(u.display_name, u.username) AS name, sum(g.wagered)::bigint AS wagered,
       sum(g.won)::bigint AS won, (sum(g.won) - sum(g.wagered))::bigint AS net
  FROM gamble_stats g JOIN users u ON u.user_id = g.user_id
 WHERE u.merged_into_user_id IS NULL
 GROUP BY g.user_id, u.display_name, u.username
 ORDER BY CASE WHEN $1 = 'wagered' THEN sum(g.wagered) ELSE sum(g.won) - sum(g.wagered) END DESC,
          g.user_id
 LIMIT $2;
