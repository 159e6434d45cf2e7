-- Record the session's Juicernaut winner (once per session).
-- params: $1 session_id, $2 user_id, $3 total cents, $4 contributions int, $5 minutes held int,
--         $6 reward wealth, $7 reward xp, $8 crate tier text (nullable), $9 now
-- returns: one row (winner_id) or none if already recorded
INSERT INTO juicernaut_winners (session_id, user_id, total_contributed_cents, contributions_count,
                                time_held_minutes, reward_wealth, reward_xp, bonus_crate_tier, won_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (session_id) DO NOTHING
RETURNING winner_id;
