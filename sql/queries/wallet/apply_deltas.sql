-- Move the wealth of several distinct players at once, each with its ledger row (as
-- wallet/apply_delta, one array element per player; the caller never repeats a player).
-- A move that would leave a balance negative is skipped: fewer rows back than moves sent
-- means the state changed under the caller.
-- params: $1 user_id bigint[], $2 amount bigint[], $3 reason text[], $4 reference text[]
--         (elements nullable), $5 game_event_id bigint (nullable)
-- returns: rows (user_id, balance_after), one per move applied
WITH d AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])
                  WITH ORDINALITY AS d(user_id, amount, reason, reference, ord)
), moved AS (
    UPDATE users u
       SET wealth = u.wealth + d.amount, updated_at = now()
      FROM d
     WHERE u.user_id = d.user_id AND u.wealth + d.amount >= 0
    RETURNING u.user_id, u.wealth, d.amount, d.reason, d.reference, d.ord
)
INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason, reference, game_event_id)
SELECT user_id, amount, wealth - amount, wealth, reason, reference, $5
  FROM moved
 ORDER BY ord
RETURNING user_id, balance_after;
