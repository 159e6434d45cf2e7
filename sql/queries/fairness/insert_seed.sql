-- Start a new active seed; its SHA-256 is what players see before it is used.
-- params: $1 server_seed bytea (>= 32 bytes), $2 client_seed text
-- returns: one row (seed_id, server_seed, client_seed, next_nonce)
INSERT INTO rng_seeds (server_seed, server_seed_hash, client_seed)
VALUES ($1, sha256($1), $2)
RETURNING seed_id, server_seed, client_seed, next_nonce;
