-- Expire active missions that ran out (a completed-but-unpaid set is forfeited; paid sets are
-- "claimed" and untouched).
-- params: $1 now timestamptz, $2 user_id bigint or null (null: everyone)
-- returns: rows (user_id, mission_type) one per expired mission
UPDATE user_missions
   SET status = 'expired'
 WHERE status = 'active' AND expires_at <= $1 AND ($2::bigint IS NULL OR user_id = $2)
RETURNING user_id, mission_type;
