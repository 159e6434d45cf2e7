-- Queue an announcement for every connected chat (outbox kind 'announce') and, when a feed
-- payload is given, its Discord feed post (kind 'feed'); see bot/announce.py. Payloads are JSON
-- text, so any connection can call it (no codec needed).
-- params: $1 announce payload text (JSON {"text", "title"}), $2 dedupe_key text (nullable;
--         the feed row gets "<key>:feed"), $3 feed payload text (JSON, nullable: no feed post)
-- returns: one row (outbox_id of the announce row) or none when the key was queued already
WITH queued AS (
    INSERT INTO outbox (kind, payload, dedupe_key)
    VALUES ('announce', $1::text::jsonb, $2)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING outbox_id
), feed AS (
    INSERT INTO outbox (kind, payload, dedupe_key)
    SELECT 'feed', $3::text::jsonb, $2 || ':feed'
      FROM queued
     WHERE $3::text IS NOT NULL
    ON CONFLICT (dedupe_key) DO NOTHING
)
SELECT outbox_id FROM queued;
