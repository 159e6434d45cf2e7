-- A player's tickets in a draw.
-- params: $1 draw_id bigint, $2 user_id bigint
-- returns: rows (ticket_id, numbers)
SELECT ticket_id, numbers FROM lottery_tickets WHERE draw_id = $1 AND user_id = $2 ORDER BY ticket_id;
