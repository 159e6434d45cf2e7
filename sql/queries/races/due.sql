-- Running races whose end has passed by a slot.
-- params: $1 slot timestamptz
-- returns: rows (race_id)
SELECT race_id FROM races WHERE status = 'running' AND ends_at <= $1 ORDER BY ends_at, race_id;
