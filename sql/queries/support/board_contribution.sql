-- Add a supporter's money event to their leaderboard counters for every period.
-- params: $1 user_id bigint, $2 types text[], $3 starts date[], $4 ends date[],
--         $5 subs, $6 gift subs, $7 bits, $8 kicks, $9 donation cents, $10 total cents
-- returns: nothing
INSERT INTO leaderboard_snapshots AS l (period_type, period_start, period_end, user_id,
    subs_count, gift_subs_given, bits_donated, kicks_sent, donations_cents, total_contributed_cents)
SELECT p.period_type, p.period_start, p.period_end, $1, $5, $6, $7, $8, $9, $10
  FROM unnest($2::text[], $3::date[], $4::date[]) AS p(period_type, period_start, period_end)
ON CONFLICT (period_type, period_start, user_id) DO UPDATE
   SET subs_count = l.subs_count + EXCLUDED.subs_count,
       gift_subs_given = l.gift_subs_given + EXCLUDED.gift_subs_given,
       bits_donated = l.bits_donated + EXCLUDED.bits_donated,
       kicks_sent = l.kicks_sent + EXCLUDED.kicks_sent,
       donations_cents = l.donations_cents + EXCLUDED.donations_cents,
       total_contributed_cents = l.total_contributed_cents + EXCLUDED.total_contributed_cents,
       updated_at = now();
