-- Count a heist win on the player.
-- params: $1 user_id bigint
-- returns: one value (heist_wins after)
UPDATE users SET heist_wins = heist_wins + 1 WHERE user_id = $1 RETURNING heist_wins;
