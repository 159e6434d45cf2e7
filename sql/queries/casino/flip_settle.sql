-- Record how a claimed challenge came out.
-- params: $1 flip_id bigint, $2 landed text, $3 winner bigint, $4 payout bigint, $5 rake bigint,
--         $6 rng_seed_id bigint, $7 rng_nonce bigint
-- returns: nothing
UPDATE flip_challenges
   SET landed = $2, winner_id = $3, payout = $4, rake = $5, rng_seed_id = $6, rng_nonce = $7
 WHERE flip_id = $1;
