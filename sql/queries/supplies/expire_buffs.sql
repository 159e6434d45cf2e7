-- Deactivate buffs whose time is up (idempotent).
-- params: $1 slot timestamptz
-- returns: rows (user_id, buff_type)
UPDATE active_buffs SET is_active = false
 WHERE is_active AND expires_at IS NOT NULL AND expires_at <= $1
RETURNING user_id, buff_type;
