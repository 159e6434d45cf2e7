-- Close a draw with its result; none back when it was drawn already.
-- params: $1 draw_id bigint, $2 client_seed text, $3 combined text, $4 numbers int[], $5 winners int,
--         $6 share bigint, $7 rollover bigint, $8 slot timestamptz
-- returns: one row (draw_id) or none
UPDATE lottery_draws
   SET status = 'drawn', client_seed = $2, combined = $3, winning_numbers = $4, winners = $5,
       share = $6, rollover = $7, drawn_at = $8
 WHERE draw_id = $1 AND status = 'open'
RETURNING draw_id;
