-- Claim due, undelivered rows of some kinds for one delivery attempt (one short transaction).
-- Rows another drain holds are skipped; a claimed row becomes due again after the lease, so a
-- drain that dies mid-delivery loses nothing.
-- params: $1 kinds text[], $2 batch size integer, $3 lease seconds double precision
-- returns: rows (outbox_id, kind, payload, attempts), in no particular order
WITH due AS (
    SELECT outbox_id
      FROM outbox
     WHERE delivered_at IS NULL AND available_at <= now() AND kind = ANY($1::text[])
     ORDER BY available_at, outbox_id
     LIMIT $2
       FOR UPDATE SKIP LOCKED
)
UPDATE outbox o
   SET available_at = now() + make_interval(secs => $3)
  FROM due
 WHERE o.outbox_id = due.outbox_id
RETURNING o.outbox_id, o.kind, o.payload, o.attempts;
