-- Record a money event once per (platform, external id); no row back means it was recorded before.
-- params: $1 user_id (nullable: anonymous), $2 platform text, $3 external_event_id text,
--         $4 event_type text, $5 quantity int, $6 amount_cents bigint, $7 tier smallint,
--         $8 wealth_rewarded bigint, $9 xp_rewarded bigint, $10 raw jsonb
-- returns: one row (monetization_event_id) or none
INSERT INTO monetization_events (user_id, platform, external_event_id, event_type, quantity,
                                 amount_cents, tier, wealth_rewarded, xp_rewarded, raw_event_data)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (platform, external_event_id) DO NOTHING
RETURNING monetization_event_id;
