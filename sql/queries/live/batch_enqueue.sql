-- Queue a line for the batched announcements (level-ups, check-ins, crate finds; spec 13 §3).
-- params: $1 event_type text, $2 payload jsonb, $3 batch_key text, $4 process_after timestamptz,
--         $5 now timestamptz
-- returns: nothing
INSERT INTO event_batch_queue (event_type, platform, payload, batch_key, created_at, process_after)
VALUES ($1, 'all', $2, $3, $5, $4);
