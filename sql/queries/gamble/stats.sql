-- A player's lifetime gambling per game.
-- params: $1 user_id bigint
-- returns: rows (game, bets, wagered, won, biggest_win)
SELECT game, bets, wagered, won, biggest_win FROM gamble_stats WHERE user_id = $1 ORDER BY game;
