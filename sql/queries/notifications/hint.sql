-- How many unseen notifications a player has, when they were not told in the last window; the
-- telling is recorded (users.notification_hint_at) so the line comes at most once per window.
-- params: $1 user_id bigint, $2 now timestamptz, $3 window interval
-- returns: one row (unseen bigint) when the player should be told, none otherwise
WITH n AS (
    SELECT count(*) AS unseen FROM user_notifications
     WHERE user_id = $1 AND NOT is_seen AND NOT is_dismissed
), told AS (
    UPDATE users SET notification_hint_at = $2::timestamptz
     WHERE user_id = $1 AND (SELECT unseen FROM n) > 0
       AND (notification_hint_at IS NULL OR notification_hint_at <= $2::timestamptz - $3::interval)
    RETURNING 1
)
SELECT (SELECT unseen FROM n) AS unseen FROM told;
