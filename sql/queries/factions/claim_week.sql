-- Claim one week's payout: the first run inserts the row and pays; any later run gets nothing.
-- params: $1 week start date, $2 winner faction id bigint (nullable), $3 territories jsonb,
--         $4 paid members int, $5 paid at timestamptz
-- returns: one row (week_start) or none when the week was paid already
INSERT INTO faction_week_results (week_start, winner_faction_id, territories, paid_members, paid_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (week_start) DO NOTHING
RETURNING week_start;
