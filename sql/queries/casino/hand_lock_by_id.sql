-- A hand in play by id, locked (the auto-stand job).
-- params: $1 hand_id bigint
-- returns: one row (hand_id, user_id, bet, state, rng_seed_id, rng_nonce, acted_at) or none
SELECT hand_id, user_id, bet, state, rng_seed_id, rng_nonce, acted_at
  FROM blackjack_hands
 WHERE hand_id = $1 AND status = 'playing'
   FOR UPDATE;
