-- Record that a platform event is being processed; in the transaction that applies its effects.
-- params: $1 platform text, $2 event_id text, $3 kind text, $4 payload_hash bytea (nullable)
-- returns: one row when this is the first delivery; none for a duplicate (by id or payload hash)
INSERT INTO processed_events (platform, event_id, kind, payload_hash)
VALUES ($1, $2, $3, $4)
ON CONFLICT DO NOTHING
RETURNING 1;
