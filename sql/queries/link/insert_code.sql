-- Store a new one-time link code; no row back means the code is taken (draw another).
-- params: $1 code text, $2 user_id bigint, $3 platform text, $4 created_at timestamptz,
--         $5 expires_at timestamptz
-- returns: one row (code) or none
INSERT INTO link_codes (code, user_id, platform, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (code) DO NOTHING
RETURNING code;
