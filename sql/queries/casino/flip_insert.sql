-- Open a coin-flip challenge (one open per challenger: the unique index refuses a second).
-- params: $1 challenger bigint, $2 side text, $3 stake bigint, $4 now timestamptz, $5 expires timestamptz
-- returns: one row (flip_id) or none when the player already has one open
INSERT INTO flip_challenges (challenger_id, side, stake, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (challenger_id) WHERE status = 'open' DO NOTHING
RETURNING flip_id;
