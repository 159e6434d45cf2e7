-- Offer one value for a hall-of-fame record (jobs and actions without effects): it replaces the
-- record only if strictly greater; the old holder moves to "previous" unless they improved their own.
-- params: $1 record_type text, $2 user_id bigint, $3 value bigint, $4 now timestamptz
-- returns: one row (previous_holder_id or null, previous_value or null) when the record was set
WITH old AS (
    SELECT user_id FROM hall_of_fame_records WHERE record_type = $1
), up AS (
    INSERT INTO hall_of_fame_records AS h (record_type, user_id, record_value, achieved_at)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (record_type) DO UPDATE
       SET previous_holder_id = CASE WHEN h.user_id = EXCLUDED.user_id THEN h.previous_holder_id ELSE h.user_id END,
           previous_value = CASE WHEN h.user_id = EXCLUDED.user_id THEN h.previous_value ELSE h.record_value END,
           user_id = EXCLUDED.user_id, record_value = EXCLUDED.record_value, achieved_at = EXCLUDED.achieved_at
     WHERE EXCLUDED.record_value > h.record_value
    RETURNING h.previous_value
)
SELECT (SELECT user_id FROM old WHERE user_id <> $2) AS previous_holder_id, up.previous_value FROM up;
