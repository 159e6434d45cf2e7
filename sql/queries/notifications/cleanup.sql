-- Delete expired notifications and each player's oldest beyond the per-player maximum.
-- params: $1 now timestamptz, $2 max per user int
-- returns: rows (notification_id)
DELETE FROM user_notifications n
 WHERE n.expires_at <= $1
    OR n.notification_id IN (
        SELECT notification_id FROM (
            SELECT notification_id,
                   row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC, notification_id DESC) AS k
              FROM user_notifications) ranked
         WHERE ranked.k > $2)
RETURNING n.notification_id;
