-- Forget batch-queue rows processed before a cutoff.
-- params: $1 cutoff timestamptz
-- returns: rows (queue_id) deleted
DELETE FROM event_batch_queue WHERE processed_at < $1 RETURNING queue_id;
