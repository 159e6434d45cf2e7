-- Add chat messages to players' lifetime counters and last-seen time, skipping every player
-- whose row is locked right now (a command holds it): the flush never waits for a command and
-- carries the skipped counts to a later flush.
-- params: $1 user ids bigint[], $2 message counts bigint[], $3 seen at timestamptz
-- returns: rows (user_id) updated
WITH d AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS d(user_id, n)
), free AS (
    SELECT u.user_id
      FROM users u
      JOIN d ON d.user_id = u.user_id
     ORDER BY u.user_id
       FOR NO KEY UPDATE OF u SKIP LOCKED
)
UPDATE users u
   SET messages_sent = u.messages_sent + d.n, last_seen_at = GREATEST(u.last_seen_at, $3)
  FROM d
  JOIN free f ON f.user_id = d.user_id
 WHERE u.user_id = d.user_id
RETURNING u.user_id;
