-- Grant chat heist tokens and record how many of the day's messages the grant accounted for.
-- The caller holds every listed player's users row (lock_token_due).
-- params: $1 user ids bigint[], $2 tokens bigint[] (0: nothing to grant), $3 messages accounted
--         bigint[], $4 game day date
-- returns: one row (granted bigint)
WITH d AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS d(user_id, n, counted)
), earned AS (
    INSERT INTO heist_tokens AS h (user_id, balance, lifetime_earned, last_earned_at)
    SELECT d.user_id, d.n, d.n, now() FROM d WHERE d.n > 0 ORDER BY d.user_id
    ON CONFLICT (user_id) DO UPDATE
       SET balance = h.balance + EXCLUDED.balance,
           lifetime_earned = h.lifetime_earned + EXCLUDED.lifetime_earned,
           last_earned_at = now(),
           updated_at = now()
    RETURNING h.user_id
), counted AS (
    UPDATE chat_counts c
       SET token_messages = GREATEST(c.token_messages, d.counted), updated_at = now()
      FROM d
     WHERE c.period_type = 'daily' AND c.period_start = $4 AND c.user_id = d.user_id
    RETURNING 1
)
SELECT COALESCE((SELECT sum(d.n) FROM d JOIN earned e ON e.user_id = d.user_id), 0)::bigint
           AS granted,
       (SELECT count(*) FROM counted) AS counted;
