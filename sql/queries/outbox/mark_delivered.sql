-- Record that a row was delivered (once: a second mark changes nothing).
-- params: $1 outbox_id bigint
-- returns: one row (outbox_id) or none when it was marked already
UPDATE outbox
   SET delivered_at = now(), last_error = NULL
 WHERE outbox_id = $1 AND delivered_at IS NULL
RETURNING outbox_id;
