-- The open draw, locked (buying a ticket, drawing). The server seed is not returned.
-- params: none
-- returns: one row (draw_id, server_seed_hash, opens_at, closes_at, carried_in, pot) or none
SELECT draw_id, server_seed_hash, opens_at, closes_at, carried_in, pot
  FROM lottery_draws WHERE status = 'open' FOR UPDATE;
