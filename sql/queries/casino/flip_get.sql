-- One challenge by id with the challenger's name.
-- params: $1 flip_id bigint
-- returns: one row (flip_id, challenger_id, challenger, side, stake, status, expires_at) or none
SELECT f.flip_id, f.challenger_id, COALESCE(u.display_name, u.username) AS challenger, f.side,
       f.stake, f.status, f.expires_at
  FROM flip_challenges f JOIN users u ON u.user_id = f.challenger_id
 WHERE f.flip_id = $1;
