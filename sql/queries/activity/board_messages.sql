-- Add a batch's chat messages to every leaderboard period containing the day.
-- params: $1 user ids bigint[], $2 message counts bigint[], $3 period types text[],
--         $4 period starts date[], $5 period ends date[]
-- returns: rows (user_id, messages_sent) of the daily period, after the addition
WITH upserted AS (
    INSERT INTO leaderboard_snapshots AS l (period_type, period_start, period_end, user_id, messages_sent)
    SELECT p.period_type, p.period_start, p.period_end, d.user_id, d.n
      FROM unnest($1::bigint[], $2::bigint[]) AS d(user_id, n)
     CROSS JOIN unnest($3::text[], $4::date[], $5::date[]) AS p(period_type, period_start, period_end)
     ORDER BY d.user_id, p.period_type
    ON CONFLICT (period_type, period_start, user_id) DO UPDATE
       SET messages_sent = l.messages_sent + EXCLUDED.messages_sent, updated_at = now()
    RETURNING l.user_id, l.period_type, l.messages_sent
)
SELECT user_id, messages_sent FROM upserted WHERE period_type = 'daily';
