-- The open draw with its ticket count (no lock, no seed).
-- params: none
-- returns: one row (draw_id, server_seed_hash, opens_at, closes_at, pot, tickets) or none
SELECT d.draw_id, d.server_seed_hash, d.opens_at, d.closes_at, d.pot,
       (SELECT count(*) FROM lottery_tickets t WHERE t.draw_id = d.draw_id) AS tickets
  FROM lottery_draws d WHERE d.status = 'open';
