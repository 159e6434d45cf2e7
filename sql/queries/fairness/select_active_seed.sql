-- The active (unrotated) provably fair seed.
-- params: none
-- returns: one row (seed_id, server_seed, client_seed, next_nonce) or none
SELECT seed_id, server_seed, client_seed, next_nonce
  FROM rng_seeds
 WHERE rotated_at IS NULL;
