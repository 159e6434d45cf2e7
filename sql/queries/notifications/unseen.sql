-- A player's unseen notifications (newest first, up to a limit), marked seen as they are read.
-- params: $1 user_id bigint, $2 limit int, $3 now timestamptz
-- returns: rows (notification_type, title, message, created_at, total bigint = all unseen before)
WITH total AS (
    SELECT count(*) AS n FROM user_notifications WHERE user_id = $1 AND NOT is_seen AND NOT is_dismissed
), pick AS (
    SELECT notification_id FROM user_notifications
     WHERE user_id = $1 AND NOT is_seen AND NOT is_dismissed
     ORDER BY created_at DESC, notification_id DESC
     LIMIT $2
), seen AS (
    UPDATE user_notifications n SET is_seen = true, seen_at = $3
     WHERE n.user_id = $1 AND NOT n.is_seen
    RETURNING n.notification_id, n.notification_type, n.title, n.message, n.created_at
)
SELECT s.notification_type, s.title, s.message, s.created_at, (SELECT n FROM total) AS total
  FROM seen s JOIN pick USING (notification_id)
 ORDER BY s.created_at DESC, s.notification_id DESC;
