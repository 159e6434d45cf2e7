-- Forget notifications past their expiry or older than the retention cutoff.
-- params: $1 now timestamptz, $2 cutoff timestamptz
-- returns: rows (notification_id) deleted
DELETE FROM user_notifications
 WHERE expires_at <= $1 OR created_at < $2
RETURNING notification_id;
