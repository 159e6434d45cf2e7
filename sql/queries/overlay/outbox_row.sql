-- One outbox row, read by the overlay after its insert was announced (LISTEN kingpin_outbox).
-- params: $1 outbox_id bigint
-- returns: one row (outbox_id, kind, payload) or none
SELECT outbox_id, kind, payload
  FROM outbox
 WHERE outbox_id = $1;
