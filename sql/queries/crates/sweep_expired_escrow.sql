-- Delete escrowed crates whose escrow expired and tell each owner (one notification a crate).
-- params: $1 now timestamptz
-- returns: rows (user_id, crate_tier) deleted
WITH gone AS (
    DELETE FROM user_crates
     WHERE is_escrowed AND escrow_expires_at <= $1
    RETURNING user_id, crate_tier
), told AS (
    INSERT INTO user_notifications (user_id, notification_type, title, message, link_type)
    SELECT user_id, 'crate_expired', 'Escrowed crate expired',
           'Your escrowed ' || crate_tier || ' crate expired before you claimed it.', 'crates'
      FROM gone
)
SELECT user_id, crate_tier FROM gone;
