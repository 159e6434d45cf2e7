-- Log one resolution (with the provably fair seed and nonce when it rolled).
-- params: $1 user_id bigint, $2 event_type text, $3 wealth_change bigint, $4 xp_change bigint,
--         $5 target_user_id bigint (nullable), $6 tier text (nullable), $7 description text,
--         $8 success boolean (nullable), $9 busted boolean, $10 details jsonb,
--         $11 platform text, $12 source event id text, $13 rng seed id (nullable),
--         $14 rng nonce (nullable)
-- returns: one row (game_event_id)
INSERT INTO game_events (user_id, event_type, wealth_change, xp_change, target_user_id, tier,
                         event_description, success, was_busted, details, source_platform,
                         source_event_id, rng_seed_id, rng_nonce)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
RETURNING game_event_id;
