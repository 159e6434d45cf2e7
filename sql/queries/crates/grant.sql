-- Give a player a crate (escrowed when an expiry is given).
-- params: $1 user_id bigint, $2 tier text, $3 source text, $4 escrow_expires_at (nullable)
-- returns: one row (crate_id)
INSERT INTO user_crates (user_id, crate_tier, source, is_escrowed, escrow_expires_at)
VALUES ($1, $2, $3, $4::timestamptz IS NOT NULL, $4)
RETURNING crate_id;
