-- Every ticket of a draw.
-- params: $1 draw_id bigint
-- returns: rows (ticket_id, user_id, numbers)
SELECT ticket_id, user_id, numbers FROM lottery_tickets WHERE draw_id = $1 ORDER BY ticket_id;
