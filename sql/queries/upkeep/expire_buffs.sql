-- Deactivate buffs whose time is up.
-- params: $1 now timestamptz
-- returns: rows (buff_id) deactivated
UPDATE active_buffs
   SET is_active = false
 WHERE is_active AND expires_at IS NOT NULL AND expires_at <= $1
RETURNING buff_id;
