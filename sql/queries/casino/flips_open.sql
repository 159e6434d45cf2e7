-- Open challenges not yet expired, oldest first.
-- params: $1 now timestamptz, $2 limit integer
-- returns: rows (flip_id, challenger, side, stake, expires_at)
SELECT f.flip_id, COALESCE(u.display_name, u.username) AS challenger, f.side, f.stake, f.expires_at
  FROM flip_challenges f JOIN users u ON u.user_id = f.challenger_id
 WHERE f.status = 'open' AND f.expires_at > $1
 ORDER BY f.created_at, f.flip_id
 LIMIT $2;
