-- Activate (or extend) a consumable buff.
-- params: $1 user_id bigint, $2 buff_type text, $3 multiplier numeric, $4 description text,
--         $5 now timestamptz, $6 expires_at timestamptz
-- returns: nothing
INSERT INTO active_buffs (user_id, buff_type, source, multiplier, description, is_active, activated_at, expires_at)
VALUES ($1, $2, 'consumable', $3, $4, true, $5, $6)
ON CONFLICT (user_id, buff_type) DO UPDATE
   SET source = 'consumable', multiplier = EXCLUDED.multiplier, description = EXCLUDED.description,
       is_active = true,
       activated_at = CASE WHEN active_buffs.is_active AND active_buffs.expires_at > $5
                           THEN active_buffs.activated_at ELSE EXCLUDED.activated_at END,
       expires_at = EXCLUDED.expires_at;
