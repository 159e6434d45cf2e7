-- Store a hand after an action; only a hand still in play changes.
-- params: $1 hand_id bigint, $2 bet bigint, $3 state jsonb, $4 status text, $5 result text,
--         $6 payout bigint, $7 now timestamptz
-- returns: one row (hand_id) or none when the hand was no longer in play
UPDATE blackjack_hands
   SET bet = $2, state = $3, status = $4::text, result = $5, payout = $6, acted_at = $7::timestamptz,
       settled_at = CASE WHEN $4::text = 'settled' THEN $7::timestamptz END
 WHERE hand_id = $1 AND status = 'playing'
RETURNING hand_id;
