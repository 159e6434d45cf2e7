-- Queue an announcement for every connected chat (outbox kind 'announce'); see bot/announce.py.
-- params: $1 payload jsonb ({"text": ..., "title": ...}), $2 dedupe_key text (nullable)
-- returns: one row (outbox_id) or none when the key was queued already
INSERT INTO outbox (kind, payload, dedupe_key)
VALUES ('announce', $1, $2)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING outbox_id;
