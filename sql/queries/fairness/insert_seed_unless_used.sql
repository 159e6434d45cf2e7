-- Start a new active seed unless that seed was ever used before (a seed is used once).
-- params: $1 server_seed bytea (>= 32 bytes), $2 client_seed text
-- returns: one row (seed_id, server_seed, client_seed, next_nonce), or none if already used
INSERT INTO rng_seeds (server_seed, server_seed_hash, client_seed)
VALUES ($1, sha256($1), $2)
ON CONFLICT (server_seed_hash) DO NOTHING
RETURNING seed_id, server_seed, client_seed, next_nonce;
