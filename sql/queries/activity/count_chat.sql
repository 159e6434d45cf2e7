-- Add a batch's chat messages to the chatters' counters of every period containing the day.
-- Only the chat flush (and a link merge) writes chat_counts: no command waits on these rows.
-- params: $1 user ids bigint[], $2 message counts bigint[], $3 period types text[],
--         $4 period starts date[], $5 period ends date[]
-- returns: rows (user_id, messages, token_messages) of the daily period, after the addition
WITH upserted AS (
    INSERT INTO chat_counts AS c (period_type, period_start, period_end, user_id, messages)
    SELECT p.period_type, p.period_start, p.period_end, d.user_id, d.n
      FROM unnest($1::bigint[], $2::bigint[]) AS d(user_id, n)
     CROSS JOIN unnest($3::text[], $4::date[], $5::date[]) AS p(period_type, period_start, period_end)
     ORDER BY d.user_id, p.period_type
    ON CONFLICT (period_type, period_start, user_id) DO UPDATE
       SET messages = c.messages + EXCLUDED.messages, updated_at = now()
    RETURNING c.user_id, c.period_type, c.messages, c.token_messages
)
SELECT user_id, messages, token_messages FROM upserted WHERE period_type = 'daily';
