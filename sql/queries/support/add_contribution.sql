-- Count a money event toward the running stream session.
-- params: $1 session_id bigint, $2 user_id (nullable), $3 platform text, $4 type text,
--         $5 quantity int, $6 usd_cents bigint, $7 monetization_event_id bigint
-- returns: nothing
WITH added AS (
    INSERT INTO session_contributions (session_id, user_id, platform, contribution_type, quantity,
                                       usd_cents, monetization_event_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    RETURNING session_id, usd_cents
)
UPDATE streaming_sessions s
   SET total_contributions_cents = s.total_contributions_cents + a.usd_cents
  FROM added a
 WHERE s.session_id = a.session_id;
