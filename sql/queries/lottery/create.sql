-- Open a draw with a committed seed; none back when another is open already.
-- params: $1 server_seed bytea, $2 opens_at timestamptz, $3 closes_at timestamptz, $4 pot bigint
-- returns: one row (draw_id) or none
INSERT INTO lottery_draws (server_seed, server_seed_hash, opens_at, closes_at, carried_in, pot)
VALUES ($1, sha256($1), $2, $3, $4, $4)
ON CONFLICT ((true)) WHERE status = 'open' DO NOTHING
RETURNING draw_id;
