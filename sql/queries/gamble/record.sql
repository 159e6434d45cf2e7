-- Add one settled bet (or a stake, or a return) to a player's lifetime and daily gambling stats.
-- params: $1 user_id bigint, $2 game text, $3 day date, $4 bets bigint, $5 wagered bigint, $6 won bigint
-- returns: nothing
WITH life AS (
    INSERT INTO gamble_stats AS g (user_id, game, bets, wagered, won, biggest_win)
    VALUES ($1, $2, $4, $5, $6, $6)
    ON CONFLICT (user_id, game) DO UPDATE
       SET bets = g.bets + EXCLUDED.bets,
           wagered = g.wagered + EXCLUDED.wagered,
           won = g.won + EXCLUDED.won,
           biggest_win = GREATEST(g.biggest_win, EXCLUDED.biggest_win),
           updated_at = now()
    RETURNING 1
)
INSERT INTO gamble_daily AS d (user_id, day, wagered, won)
VALUES ($1, $3, $5, $6)
ON CONFLICT (user_id, day) DO UPDATE
   SET wagered = d.wagered + EXCLUDED.wagered, won = d.won + EXCLUDED.won;
