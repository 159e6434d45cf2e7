-- Everything !play reads besides the locked player row, in one round trip (run after the lock).
-- params: $1 user_id bigint, $2 now timestamptz, $3 cooldown kind text, $4 consumable key text
-- returns: one row (live bool, juicernaut_user_id, crates_held, crates_escrowed (live escrow only),
--          consumable_quantity, buff_types text[], buff_multipliers float8[], cooldown_until,
--          territory_buffs jsonb: buff type → summed rate of the territories the player's faction holds)
SELECT s.session_id IS NOT NULL AS live,
       s.current_juicernaut_user_id AS juicernaut_user_id,
       (SELECT count(*) FROM user_crates c WHERE c.user_id = $1 AND NOT c.is_escrowed) AS crates_held,
       (SELECT count(*) FROM user_crates c WHERE c.user_id = $1 AND c.is_escrowed
           AND c.escrow_expires_at > $2) AS crates_escrowed,
       COALESCE((SELECT uc.quantity FROM user_consumables uc
                  WHERE uc.user_id = $1 AND uc.consumable_key = $4), 0) AS consumable_quantity,
       ARRAY(SELECT b.buff_type FROM active_buffs b
              WHERE b.user_id = $1 AND b.is_active AND (b.expires_at IS NULL OR b.expires_at > $2)
              ORDER BY b.buff_id) AS buff_types,
       ARRAY(SELECT b.multiplier::float8 FROM active_buffs b
              WHERE b.user_id = $1 AND b.is_active AND (b.expires_at IS NULL OR b.expires_at > $2)
              ORDER BY b.buff_id) AS buff_multipliers,
       (SELECT cd.expires_at FROM cooldowns cd
         WHERE cd.user_id = $1 AND cd.command_type = $3 AND cd.target_identifier = ''
           AND cd.expires_at > $2) AS cooldown_until,
       (SELECT COALESCE(jsonb_object_agg(tb.buff_type, tb.rate), '{}'::jsonb)
          FROM (SELECT t.buff_type, sum(t.buff_rate)::float8 AS rate
                  FROM users u JOIN territories t ON t.controlling_faction_id = u.faction_id
                 WHERE u.user_id = $1
                 GROUP BY t.buff_type) tb) AS territory_buffs
  FROM (SELECT 1) AS one
  LEFT JOIN streaming_sessions s ON s.is_active;
