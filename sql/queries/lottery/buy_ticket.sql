-- Add a ticket to a draw and its pot share to the pot.
-- params: $1 draw_id bigint, $2 user_id bigint, $3 numbers int[], $4 price bigint, $5 to pot bigint,
--         $6 now timestamptz
-- returns: one row (ticket_id, pot)
WITH t AS (
    INSERT INTO lottery_tickets (draw_id, user_id, numbers, price, bought_at)
    VALUES ($1, $2, $3, $4, $6)
    RETURNING ticket_id
), d AS (
    UPDATE lottery_draws SET pot = pot + $5 WHERE draw_id = $1 RETURNING pot
)
SELECT (SELECT ticket_id FROM t) AS ticket_id, (SELECT pot FROM d) AS pot;
