-- A player's blackjack hand in play, locked.
-- params: $1 user_id bigint
-- returns: one row (hand_id, bet, state, rng_seed_id, rng_nonce, started_at, acted_at) or none
SELECT hand_id, bet, state, rng_seed_id, rng_nonce, started_at, acted_at
  FROM blackjack_hands
 WHERE user_id = $1 AND status = 'playing'
   FOR UPDATE;
