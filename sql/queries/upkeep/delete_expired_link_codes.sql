-- Forget link codes that can no longer be used (expired, used or not).
-- params: $1 now timestamptz
-- returns: rows (code) deleted
DELETE FROM link_codes WHERE expires_at <= $1 RETURNING code;
