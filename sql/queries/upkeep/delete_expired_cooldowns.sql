-- Forget cooldowns that have run out.
-- params: $1 now timestamptz
-- returns: rows (user_id) deleted
DELETE FROM cooldowns WHERE expires_at <= $1 RETURNING user_id;
