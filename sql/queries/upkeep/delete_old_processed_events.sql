-- Forget processed platform event ids older than the platforms' replay window.
-- params: $1 cutoff timestamptz
-- returns: rows (event_id) deleted
DELETE FROM processed_events WHERE processed_at < $1 RETURNING event_id;
