-- A drawn draw with its revealed seed (the seed is only ever returned once drawn).
-- params: $1 draw_id bigint
-- returns: one row (draw_id, status, server_seed, server_seed_hash, pot, client_seed, combined,
--          winning_numbers, winners, share, rollover, drawn_at, closes_at) or none
SELECT draw_id, status, CASE WHEN status = 'drawn' THEN server_seed END AS server_seed,
       server_seed_hash, pot, client_seed, combined, winning_numbers, winners, share, rollover,
       drawn_at, closes_at
  FROM lottery_draws WHERE draw_id = $1;
