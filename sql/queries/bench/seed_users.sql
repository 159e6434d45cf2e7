-- Benchmark seed: players p<lo>…p<hi> in one set-based insert, player i as user_id $1 + i.
-- Player i chats on Twitch (i % 3 = 0), Kick (1) or Discord (2) as platform user id
-- tw<i> / k<i> / d<i>, login and display name p<i>. Players 1…$4 are the rich targets.
-- Wealth is set here and paid in by bench/seed_ledger in the same transaction (the deferred
-- ledger triggers check sum(ledger) = wealth at commit).
-- params: $1 user_id offset bigint, $2 first player bigint, $3 last player bigint,
--         $4 rich players bigint, $5 rich wealth bigint, $6 base wealth bigint
-- returns: command status (INSERT 0 n)
INSERT INTO users (user_id, twitch_user_id, kick_user_id, discord_user_id, username, display_name,
                   wealth)
SELECT $1::bigint + g.i,
       CASE WHEN g.i % 3 = 0 THEN 'tw' || g.i END,
       CASE WHEN g.i % 3 = 1 THEN 'k' || g.i END,
       CASE WHEN g.i % 3 = 2 THEN 'd' || g.i END,
       'p' || g.i,
       'p' || g.i,
       CASE WHEN g.i <= $4::bigint THEN $5::bigint ELSE $6::bigint + (g.i * 7919) % $6::bigint END
  FROM generate_series($2::bigint, $3::bigint) AS g(i);
