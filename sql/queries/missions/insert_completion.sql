-- Record a paid mission set; at most one per player, type and period (the unique constraint).
-- params: $1 user_id bigint, $2 type text, $3 period_start date, $4 completed_date date,
--         $5 mission ids bigint[], $6 base wealth bigint, $7 base xp bigint, $8 bonus wealth bigint,
--         $9 bonus xp bigint, $10 crate text or null, $11 tier text, $12 now timestamptz
-- returns: one row (completion_id) when recorded, none when this set was already paid
INSERT INTO mission_completions (user_id, completion_type, period_start, completed_date, mission_ids,
                                 total_wealth, total_xp, bonus_wealth, bonus_xp, crate_awarded,
                                 player_tier, completed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (user_id, completion_type, period_start) DO NOTHING
RETURNING completion_id;
