-- Benchmark seed: players p1…pN in one set-based insert (ids follow the current maximum).
-- Player i chats on Twitch (i % 3 = 0), Kick (1) or Discord (2) as platform user id
-- tw<i> / k<i> / d<i>, login and display name p<i>. Players 1…$2 are the rich targets.
-- Wealth is set here and paid in by bench/seed_ledger in the same transaction (the deferred
-- ledger triggers check sum(ledger) = wealth at commit).
-- params: $1 N bigint, $2 rich players bigint, $3 rich wealth bigint, $4 base wealth bigint
-- returns: one row (first_user_id, last_user_id)
WITH base AS (
    SELECT COALESCE(max(user_id), 0) AS offset_id FROM users
), inserted AS (
    INSERT INTO users (user_id, twitch_user_id, kick_user_id, discord_user_id, username,
                       display_name, wealth)
    SELECT b.offset_id + g.i,
           CASE WHEN g.i % 3 = 0 THEN 'tw' || g.i END,
           CASE WHEN g.i % 3 = 1 THEN 'k' || g.i END,
           CASE WHEN g.i % 3 = 2 THEN 'd' || g.i END,
           'p' || g.i,
           'p' || g.i,
           CASE WHEN g.i <= $2 THEN $3::bigint ELSE $4::bigint + (g.i * 7919) % $4::bigint END
      FROM base b CROSS JOIN generate_series(1::bigint, $1::bigint) AS g(i)
    RETURNING user_id
)
SELECT min(user_id) AS first_user_id, max(user_id) AS last_user_id FROM inserted;
