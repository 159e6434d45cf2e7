-- A player's running USD total in one stream session, in cents (session_contribution achievements).
-- params: $1 session_id bigint, $2 user_id bigint
-- returns: one value (cents bigint)
SELECT COALESCE(sum(usd_cents), 0) FROM session_contributions WHERE session_id = $1 AND user_id = $2;
