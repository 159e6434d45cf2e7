-- Chatters whose day has messages the heist-token grant has not accounted for yet: lock their
-- users rows in id order (the order commands lock in), skipping any a command holds right now
-- (a later flush grants those, from where the count stopped).
-- params: $1 user ids bigint[], $2 game day date
-- returns: rows (user_id, messages, token_messages, balance)
SELECT u.user_id, c.messages, c.token_messages, COALESCE(h.balance, 0) AS balance
  FROM users u
  JOIN chat_counts c
    ON c.period_type = 'daily' AND c.period_start = $2 AND c.user_id = u.user_id
  LEFT JOIN heist_tokens h ON h.user_id = u.user_id
 WHERE u.user_id = ANY($1::bigint[]) AND c.token_messages < c.messages
 ORDER BY u.user_id
   FOR UPDATE OF u SKIP LOCKED;
