-- Queue a chat announcement for batching (spec 13 §3): same key = one combined line.
-- params: $1 event_type text, $2 platform text, $3 payload jsonb, $4 batch_key text,
--         $5 now timestamptz, $6 process_after timestamptz
-- returns: one row (queue_id)
INSERT INTO event_batch_queue (event_type, platform, payload, batch_key, created_at, process_after)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING queue_id;
