-- Reserve a block of nonces on a seed that is still active.
-- params: $1 seed_id bigint, $2 block size bigint
-- returns: the first reserved nonce, or no row when the seed was rotated meanwhile
UPDATE rng_seeds
   SET next_nonce = next_nonce + $2
 WHERE seed_id = $1 AND rotated_at IS NULL
RETURNING next_nonce - $2;
