-- A player's session total so far, in US cents, and how many contributions made it.
-- params: $1 session_id bigint, $2 user_id bigint
-- returns: one row (total_cents bigint, contributions bigint)
SELECT COALESCE(sum(usd_cents), 0)::bigint AS total_cents, count(*)::bigint AS contributions
  FROM session_contributions
 WHERE session_id = $1 AND user_id = $2;
