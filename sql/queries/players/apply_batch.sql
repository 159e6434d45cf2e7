-- Apply the non-wealth writes of one resolution in one round trip: player patches (as
-- players/apply_patch, one array element per player), leaderboard counters for every period
-- (as leaderboard/add), cooldowns (as cooldowns/set), heist tokens earned (as tokens/earn)
-- and spent (as tokens/spend, guarded), and notifications (as notifications/insert).
-- Each CTE touches its own table and each player at most once (the caller groups per player
-- and sends a player who both earns and spends tokens through the single statements).
-- params: $1 user_id bigint[], $2 xp bigint[], $3 level int[], $4 tier text[], $5 jail int[]
--         (0 keep, 1 set, 2 clear), $6 jailed_until timestamptz[], $7 checkin date[],
--         $8 streak int[], $9 longest int[], $10 plays, $11 wins, $12 losses, $13 busts,
--         $14 bails, $15 rob attempts, $16 rob successes, $17 rob defenses, $18 crates opened,
--         $19 times robbed (bigint[] each);
--         $20 board user_id bigint[], $21 period types text[], $22 period starts date[],
--         $23 period ends date[], $24 wealth earned, $25 xp earned, $26 plays, $27 robs,
--         $28 rob successes, $29 checkins, $30 crates opened (bigint[] each);
--         $31 cooldown user_id bigint[], $32 kind text[], $33 target text[], $34 until timestamptz[];
--         $35 earning user_id bigint[], $36 tokens earned bigint[];
--         $37 spending user_id bigint[], $38 tokens spent bigint[];
--         $39 notified user_id bigint[], $40 type text[], $41 title text[], $42 message text[]
-- returns: one row (patched, spent): players patched, token spends that passed their guard
WITH patch AS (
    UPDATE users u
       SET xp = u.xp + p.xp,
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
      FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::int[], $6::timestamptz[],
                  $7::date[], $8::int[], $9::int[], $10::bigint[], $11::bigint[], $12::bigint[],
                  $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[],
                  $18::bigint[], $19::bigint[])
           AS p(user_id, xp, level, tier, jail, jailed_until, checkin, streak, longest, plays, wins,
                losses, busts, bails, rob_attempts, rob_successes, rob_defenses, crates_opened,
                times_robbed)
     WHERE u.user_id = p.user_id
    RETURNING u.user_id
), board AS (
    INSERT INTO leaderboard_snapshots AS l (period_type, period_start, period_end, user_id,
        wealth_earned, xp_earned, play_count, rob_count, rob_success_count, checkins, crates_opened)
    SELECT per.period_type, per.period_start, per.period_end, b.user_id, b.wealth_earned,
           b.xp_earned, b.play_count, b.rob_count, b.rob_success_count, b.checkins, b.crates_opened
      FROM unnest($20::bigint[], $24::bigint[], $25::bigint[], $26::bigint[], $27::bigint[],
                  $28::bigint[], $29::bigint[], $30::bigint[])
           AS b(user_id, wealth_earned, xp_earned, play_count, rob_count, rob_success_count,
                checkins, crates_opened)
     CROSS JOIN unnest($21::text[], $22::date[], $23::date[]) AS per(period_type, period_start, period_end)
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
    SELECT * FROM unnest($31::bigint[], $32::text[], $33::text[], $34::timestamptz[])
    ON CONFLICT (user_id, command_type, target_identifier) DO UPDATE
       SET expires_at = EXCLUDED.expires_at, created_at = now()
    RETURNING 1
), earned AS (
    INSERT INTO heist_tokens AS h (user_id, balance, lifetime_earned, last_earned_at)
    SELECT e.user_id, e.n, e.n, now() FROM unnest($35::bigint[], $36::bigint[]) AS e(user_id, n)
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
      FROM unnest($37::bigint[], $38::bigint[]) AS s(user_id, n)
     WHERE h.user_id = s.user_id AND h.balance >= s.n
    RETURNING 1
), noted AS (
    INSERT INTO user_notifications (user_id, notification_type, title, message)
    SELECT * FROM unnest($39::bigint[], $40::text[], $41::text[], $42::text[])
    RETURNING 1
)
SELECT (SELECT count(*) FROM patch) AS patched, (SELECT count(*) FROM spent) AS spent;
