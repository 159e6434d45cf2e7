-- Create the jackpot row with its seed pool if it does not exist yet.
-- params: $1 seed pool bigint
-- returns: nothing
INSERT INTO casino_jackpot (jackpot_id, pool) VALUES (1, $1) ON CONFLICT (jackpot_id) DO NOTHING;
