-- Apply everything of one resolution that only adds up, in one round trip: its game_events row
-- (as game_events/insert), one patch per player that also moves the player's wealth under the
-- wallet's guard and writes the ledger row (as wallet/apply_delta + players/apply_patch),
-- leaderboard counters for every period (as leaderboard/add), cooldowns (as cooldowns/set),
-- heist tokens earned (as tokens/earn) and spent (as tokens/spend, guarded), notifications
-- (as notifications/insert). Each CTE writes its own table and each player at most once: the
-- caller sends a player with two wealth moves, or who both earns and spends tokens, through
-- the single statements instead. A patch whose wealth guard fails is skipped: fewer players
-- patched than sent means the state changed under the caller.
-- params: $1…$14 the game_events/insert parameters ($1 NULL: no game event);
--         $15 user_id bigint[], $16 wealth delta bigint[], $17 ledger reason text[],
--         $18 ledger reference text[], $19 xp bigint[], $20 level int[], $21 tier text[],
--         $22 jail int[] (0 keep, 1 set, 2 clear), $23 jailed_until timestamptz[],
--         $24 checkin date[], $25 streak int[], $26 longest int[], $27 plays, $28 wins,
--         $29 losses, $30 busts, $31 bails, $32 rob attempts, $33 rob successes,
--         $34 rob defenses, $35 crates opened, $36 times robbed (bigint[] each);
--         $37 game_event_id for the ledger rows when $1 is NULL (nullable);
--         $38 board user_id bigint[], $39 period types text[], $40 period starts date[],
--         $41 period ends date[], $42 wealth earned, $43 xp earned, $44 plays, $45 robs,
--         $46 rob successes, $47 checkins, $48 crates opened (bigint[] each);
--         $49 cooldown user_id bigint[], $50 kind text[], $51 target text[],
--         $52 until timestamptz[];
--         $53 earning user_id bigint[], $54 tokens earned bigint[];
--         $55 spending user_id bigint[], $56 tokens spent bigint[];
--         $57 notified user_id bigint[], $58 type text[], $59 title text[], $60 message text[]
-- returns: one row (game_event_id, patched, spent, moved_users bigint[], balances bigint[])
WITH ge AS (
    INSERT INTO game_events (user_id, event_type, wealth_change, xp_change, target_user_id, tier,
                             event_description, success, was_busted, details, source_platform,
                             source_event_id, rng_seed_id, rng_nonce)
    SELECT $1::bigint, $2::text, $3::bigint, $4::bigint, $5::bigint, $6::text, $7::text,
           $8::boolean, $9::boolean, $10::jsonb, $11::text, $12::text, $13::bigint, $14::bigint
     WHERE $1::bigint IS NOT NULL
    RETURNING game_event_id
), p AS (
    SELECT *
      FROM unnest($15::bigint[], $16::bigint[], $17::text[], $18::text[], $19::bigint[], $20::int[],
                  $21::text[], $22::int[], $23::timestamptz[], $24::date[], $25::int[], $26::int[],
                  $27::bigint[], $28::bigint[], $29::bigint[], $30::bigint[], $31::bigint[],
                  $32::bigint[], $33::bigint[], $34::bigint[], $35::bigint[], $36::bigint[])
           WITH ORDINALITY
           AS p(user_id, delta, reason, reference, xp, level, tier, jail, jailed_until, checkin,
                streak, longest, plays, wins, losses, busts, bails, rob_attempts, rob_successes,
                rob_defenses, crates_opened, times_robbed, ord)
), patch AS (
    UPDATE users u
       SET wealth = u.wealth + p.delta,
           xp = u.xp + p.xp,
           level = COALESCE(p.level, u.level),
           status_tier = COALESCE(p.tier, u.status_tier),
           jailed_until = CASE p.jail WHEN 1 THEN p.jailed_until WHEN 2 THEN NULL ELSE u.jailed_until END,
           last_checkin_date = COALESCE(p.checkin, u.last_checkin_date),
           checkin_streak = CASE WHEN p.checkin IS NULL THEN u.checkin_streak ELSE p.streak END,
           longest_streak = CASE WHEN p.checkin IS NULL THEN u.longest_streak ELSE p.longest END,
           total_play_count = u.total_play_count + p.plays,
           wins = u.wins + p.wins,
           losses = u.losses + p.losses,
           times_jailed = u.times_jailed + p.busts,
           times_bailed = u.times_bailed + p.bails,
           rob_attempts = u.rob_attempts + p.rob_attempts,
           rob_successes = u.rob_successes + p.rob_successes,
           rob_defenses = u.rob_defenses + p.rob_defenses,
           crates_opened = u.crates_opened + p.crates_opened,
           times_robbed = u.times_robbed + p.times_robbed,
           updated_at = now()
      FROM p
     WHERE u.user_id = p.user_id AND u.wealth + p.delta >= 0
    RETURNING u.user_id, u.wealth, p.delta, p.reason, p.reference, p.ord
), ledger AS (
    INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason, reference,
                               game_event_id)
    SELECT patch.user_id, patch.delta, patch.wealth - patch.delta, patch.wealth, patch.reason,
           patch.reference, COALESCE((SELECT game_event_id FROM ge), $37::bigint)
      FROM patch
     WHERE patch.delta <> 0
     ORDER BY patch.ord
    RETURNING user_id, balance_after
), board AS (
    INSERT INTO leaderboard_snapshots AS l (period_type, period_start, period_end, user_id,
        wealth_earned, xp_earned, play_count, rob_count, rob_success_count, checkins, crates_opened)
    SELECT per.period_type, per.period_start, per.period_end, b.user_id, b.wealth_earned,
           b.xp_earned, b.play_count, b.rob_count, b.rob_success_count, b.checkins, b.crates_opened
      FROM unnest($38::bigint[], $42::bigint[], $43::bigint[], $44::bigint[], $45::bigint[],
                  $46::bigint[], $47::bigint[], $48::bigint[])
           AS b(user_id, wealth_earned, xp_earned, play_count, rob_count, rob_success_count,
                checkins, crates_opened)
     CROSS JOIN unnest($39::text[], $40::date[], $41::date[]) AS per(period_type, period_start, period_end)
     ORDER BY b.user_id, per.period_type
    ON CONFLICT (period_type, period_start, user_id) DO UPDATE
       SET wealth_earned = l.wealth_earned + EXCLUDED.wealth_earned,
           xp_earned = l.xp_earned + EXCLUDED.xp_earned,
           play_count = l.play_count + EXCLUDED.play_count,
           rob_count = l.rob_count + EXCLUDED.rob_count,
           rob_success_count = l.rob_success_count + EXCLUDED.rob_success_count,
           checkins = l.checkins + EXCLUDED.checkins,
           crates_opened = l.crates_opened + EXCLUDED.crates_opened,
           updated_at = now()
    RETURNING 1
), cooled AS (
    INSERT INTO cooldowns (user_id, command_type, target_identifier, expires_at)
    SELECT * FROM unnest($49::bigint[], $50::text[], $51::text[], $52::timestamptz[])
    ON CONFLICT (user_id, command_type, target_identifier) DO UPDATE
       SET expires_at = EXCLUDED.expires_at, created_at = now()
    RETURNING 1
), earned AS (
    INSERT INTO heist_tokens AS h (user_id, balance, lifetime_earned, last_earned_at)
    SELECT e.user_id, e.n, e.n, now() FROM unnest($53::bigint[], $54::bigint[]) AS e(user_id, n)
    ON CONFLICT (user_id) DO UPDATE
       SET balance = h.balance + EXCLUDED.balance,
           lifetime_earned = h.lifetime_earned + EXCLUDED.lifetime_earned,
           last_earned_at = now(),
           updated_at = now()
    RETURNING 1
), spent AS (
    UPDATE heist_tokens h
       SET balance = h.balance - s.n,
           lifetime_spent = h.lifetime_spent + s.n,
           last_spent_at = now(),
           updated_at = now()
      FROM unnest($55::bigint[], $56::bigint[]) AS s(user_id, n)
     WHERE h.user_id = s.user_id AND h.balance >= s.n
    RETURNING 1
), noted AS (
    INSERT INTO user_notifications (user_id, notification_type, title, message)
    SELECT * FROM unnest($57::bigint[], $58::text[], $59::text[], $60::text[])
    RETURNING 1
)
SELECT (SELECT game_event_id FROM ge) AS game_event_id,
       (SELECT count(*) FROM patch) AS patched,
       (SELECT count(*) FROM spent) AS spent,
       ARRAY(SELECT user_id FROM ledger) AS moved_users,
       ARRAY(SELECT balance_after FROM ledger) AS balances;
