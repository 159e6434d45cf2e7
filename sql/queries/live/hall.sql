-- All-time Juicernaut winners: wins, total contributed in winning sessions, minutes held.
-- params: $1 limit integer, $2 order text ('wins' or 'total')
-- returns: rows (name, wins bigint, total_cents bigint, minutes_held bigint)
SELECT COALESCE(u.display_name, u.username) AS name, count(*)::bigint AS wins,
       sum(w.total_contributed_cents)::bigint AS total_cents,
       COALESCE(sum(w.time_held_minutes), 0)::bigint AS minutes_held
  FROM juicernaut_winners w
  JOIN users u ON u.user_id = w.user_id
 GROUP BY w.user_id, u.display_name, u.username
 ORDER BY CASE WHEN $2 = 'wins' THEN count(*) ELSE sum(w.total_contributed_cents) END DESC,
          CASE WHEN $2 = 'wins' THEN sum(w.total_contributed_cents) ELSE count(*) END DESC,
          min(w.won_at)
 LIMIT $1;
