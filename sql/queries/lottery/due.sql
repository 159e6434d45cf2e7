-- The open draw if its deadline has passed, locked (the server seed is needed to draw).
-- params: $1 slot timestamptz
-- returns: one row (draw_id, server_seed, closes_at, pot) or none
SELECT draw_id, server_seed, closes_at, pot
  FROM lottery_draws WHERE status = 'open' AND closes_at <= $1 FOR UPDATE;
