-- Figures for the end-of-session summary.
-- params: $1 session_id bigint
-- returns: one row (total_cents bigint, contributors bigint, contributions bigint, heists bigint,
--          heists_won bigint)
SELECT s.total_contributions_cents AS total_cents,
       (SELECT count(DISTINCT c.user_id) FROM session_contributions c WHERE c.session_id = $1) AS contributors,
       (SELECT count(*) FROM session_contributions c WHERE c.session_id = $1) AS contributions,
       (SELECT count(*) FROM heist_events h WHERE h.session_id = $1) AS heists,
       (SELECT count(*) FROM heist_events h WHERE h.session_id = $1 AND h.status = 'won') AS heists_won
  FROM streaming_sessions s
 WHERE s.session_id = $1;
