-- Hands in play not acted on since a moment (auto-stand), oldest first.
-- params: $1 acted before timestamptz, $2 limit integer
-- returns: rows (hand_id, user_id)
SELECT hand_id, user_id FROM blackjack_hands
 WHERE status = 'playing' AND acted_at <= $1
 ORDER BY acted_at, hand_id
 LIMIT $2;
