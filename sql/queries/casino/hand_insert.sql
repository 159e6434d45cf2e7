-- Start a blackjack hand (settled at once when the deal decides it).
-- params: $1 user_id bigint, $2 bet bigint, $3 state jsonb, $4 status text, $5 result text,
--         $6 payout bigint, $7 rng_seed_id bigint, $8 rng_nonce bigint, $9 now timestamptz
-- returns: one row (hand_id)
INSERT INTO blackjack_hands (user_id, bet, state, status, result, payout, rng_seed_id, rng_nonce,
                             started_at, acted_at, settled_at)
VALUES ($1, $2, $3, $4::text, $5, $6, $7, $8, $9::timestamptz, $9::timestamptz,
        CASE WHEN $4::text = 'settled' THEN $9::timestamptz END)
RETURNING hand_id;
