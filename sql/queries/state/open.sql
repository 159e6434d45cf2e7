-- Everything !open reads besides the locked player row, in one round trip (run after the lock).
-- params: $1 user_id bigint, $2 now timestamptz, $3 cooldown kind text
-- returns: one row (crate_ids bigint[], crate_tiers text[], crate_acquired timestamptz[],
--          crate_escrow timestamptz[] — the crates oldest first, as crates/list;
--          held_item_keys text[] — item keys of the inventory rows not in escrow;
--          titles text[]; cooldown_until)
SELECT ARRAY(SELECT c.crate_id FROM user_crates c WHERE c.user_id = $1
              ORDER BY c.acquired_at, c.crate_id) AS crate_ids,
       ARRAY(SELECT c.crate_tier FROM user_crates c WHERE c.user_id = $1
              ORDER BY c.acquired_at, c.crate_id) AS crate_tiers,
       ARRAY(SELECT c.acquired_at FROM user_crates c WHERE c.user_id = $1
              ORDER BY c.acquired_at, c.crate_id) AS crate_acquired,
       ARRAY(SELECT c.escrow_expires_at FROM user_crates c WHERE c.user_id = $1
              ORDER BY c.acquired_at, c.crate_id) AS crate_escrow,
       ARRAY(SELECT i.item_key FROM user_inventory ui JOIN items i ON i.item_id = ui.item_id
              WHERE ui.user_id = $1 AND ui.escrow_expires_at IS NULL) AS held_item_keys,
       ARRAY(SELECT t.title FROM user_titles t WHERE t.user_id = $1) AS titles,
       (SELECT cd.expires_at FROM cooldowns cd
         WHERE cd.user_id = $1 AND cd.command_type = $3 AND cd.target_identifier = ''
           AND cd.expires_at > $2) AS cooldown_until;
