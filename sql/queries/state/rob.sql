-- Everything !rob reads besides the two locked player rows, in one round trip (run after the
-- lock, so it sees what the previous holder of the locks committed).
-- params: $1 attacker user_id bigint, $2 victim user_id bigint (nullable), $3 now timestamptz,
--         $4 cooldown kind text, $5 cooldown target text
-- returns: one row (juicernaut_user_id, policy_tier, policy_status, policy_paid_at,
--          cooldown_until, attacker_buff_types text[], attacker_buff_multipliers float8[],
--          victim_buff_types text[], victim_buff_multipliers float8[], inventory_ids bigint[],
--          inventory_users bigint[], inventory_keys text[], inventory_durability int[],
--          inventory_equipped bool[], inventory_escrow timestamptz[], attacker_rob_territory
--          float8, victim_defense_territory float8), arrays in inventory/list order; the last two
--          sum the rob_success / defense buffs of the territories each player's faction holds
SELECT (SELECT s.current_juicernaut_user_id FROM streaming_sessions s WHERE s.is_active)
           AS juicernaut_user_id,
       p.tier AS policy_tier,
       p.status AS policy_status,
       p.last_paid_at AS policy_paid_at,
       (SELECT c.expires_at
          FROM cooldowns c
         WHERE c.user_id = $1 AND c.command_type = $4 AND c.target_identifier = $5
           AND c.expires_at > $3) AS cooldown_until,
       ARRAY(SELECT b.buff_type FROM active_buffs b
              WHERE b.user_id = $1 AND b.is_active AND (b.expires_at IS NULL OR b.expires_at > $3)
              ORDER BY b.buff_id) AS attacker_buff_types,
       ARRAY(SELECT b.multiplier::float8 FROM active_buffs b
              WHERE b.user_id = $1 AND b.is_active AND (b.expires_at IS NULL OR b.expires_at > $3)
              ORDER BY b.buff_id) AS attacker_buff_multipliers,
       ARRAY(SELECT b.buff_type FROM active_buffs b
              WHERE b.user_id = $2 AND b.is_active AND (b.expires_at IS NULL OR b.expires_at > $3)
              ORDER BY b.buff_id) AS victim_buff_types,
       ARRAY(SELECT b.multiplier::float8 FROM active_buffs b
              WHERE b.user_id = $2 AND b.is_active AND (b.expires_at IS NULL OR b.expires_at > $3)
              ORDER BY b.buff_id) AS victim_buff_multipliers,
       inv.ids AS inventory_ids,
       inv.users AS inventory_users,
       inv.keys AS inventory_keys,
       inv.durability AS inventory_durability,
       inv.equipped AS inventory_equipped,
       inv.escrow AS inventory_escrow,
       (SELECT COALESCE(sum(t.buff_rate), 0)::float8
          FROM users u JOIN territories t ON t.controlling_faction_id = u.faction_id
         WHERE u.user_id = $1 AND t.buff_type = 'rob_success') AS attacker_rob_territory,
       (SELECT COALESCE(sum(t.buff_rate), 0)::float8
          FROM users u JOIN territories t ON t.controlling_faction_id = u.faction_id
         WHERE u.user_id = $2 AND t.buff_type = 'defense') AS victim_defense_territory
  FROM (SELECT 1) AS one
  LEFT JOIN insurance_policies p ON p.user_id = $2
 CROSS JOIN LATERAL (
       SELECT array_agg(ui.inventory_id ORDER BY ui.user_id, ui.acquired_at, ui.inventory_id) AS ids,
              array_agg(ui.user_id ORDER BY ui.user_id, ui.acquired_at, ui.inventory_id) AS users,
              array_agg(i.item_key ORDER BY ui.user_id, ui.acquired_at, ui.inventory_id) AS keys,
              array_agg(ui.durability ORDER BY ui.user_id, ui.acquired_at, ui.inventory_id) AS durability,
              array_agg(ui.is_equipped ORDER BY ui.user_id, ui.acquired_at, ui.inventory_id) AS equipped,
              array_agg(ui.escrow_expires_at ORDER BY ui.user_id, ui.acquired_at, ui.inventory_id) AS escrow
         FROM user_inventory ui
         JOIN items i ON i.item_id = ui.item_id
        WHERE ui.user_id = $1 OR ui.user_id = $2
       ) AS inv;
