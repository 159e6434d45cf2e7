-- Retire the active seed and reveal it: every roll made with it can now be verified.
-- params: none
-- returns: nothing
UPDATE rng_seeds
   SET rotated_at = now(), revealed_at = now()
 WHERE rotated_at IS NULL;
