-- Add a batch's chat messages to the players' lifetime counters and last-seen time.
-- params: $1 user ids bigint[], $2 message counts bigint[], $3 seen at timestamptz
-- returns: nothing
UPDATE users u
   SET messages_sent = u.messages_sent + d.n, last_seen_at = GREATEST(u.last_seen_at, $3)
  FROM unnest($1::bigint[], $2::bigint[]) AS d(user_id, n)
 WHERE u.user_id = d.user_id;
