-- Delete escrowed items whose escrow expired and tell each owner (one notification an item).
-- params: $1 now timestamptz
-- returns: rows (user_id, item_name) deleted
WITH gone AS (
    DELETE FROM user_inventory ui
     USING items i
     WHERE i.item_id = ui.item_id AND ui.is_escrowed AND ui.escrow_expires_at <= $1
    RETURNING ui.user_id, i.item_name
), told AS (
    INSERT INTO user_notifications (user_id, notification_type, title, message, link_type)
    SELECT user_id, 'item_expired', 'Escrowed item expired',
           'Your escrowed ' || item_name || ' expired before you claimed it.', 'inventory'
      FROM gone
)
SELECT user_id, item_name FROM gone;
