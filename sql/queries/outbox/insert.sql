-- Queue a side effect for delivery after commit (once per dedupe key).
-- params: $1 kind text, $2 payload jsonb, $3 dedupe_key text (nullable)
-- returns: one row (outbox_id) or none when the key was queued already
INSERT INTO outbox (kind, payload, dedupe_key)
VALUES ($1, $2, $3)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING outbox_id;
