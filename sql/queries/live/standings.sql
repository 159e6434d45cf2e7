-- Session leaderboard: named contributors by total, ties by who reached it first.
-- params: $1 session_id bigint, $2 limit integer
-- returns: rows (user_id, name, total_cents bigint, contributions bigint)
SELECT c.user_id, COALESCE(u.display_name, u.username) AS name,
       sum(c.usd_cents)::bigint AS total_cents, count(*)::bigint AS contributions
  FROM session_contributions c
  JOIN users u ON u.user_id = c.user_id
 WHERE c.session_id = $1
 GROUP BY c.user_id, u.display_name, u.username
 ORDER BY total_cents DESC, max(c.contribution_id) ASC
 LIMIT $2;
