-- Take every due, unprocessed queue row (marking it processed), skipping rows another flush
-- holds.
-- params: $1 now timestamptz
-- returns: rows (queue_id, event_type, payload, batch_key), oldest first
WITH due AS (
    SELECT queue_id
      FROM event_batch_queue
     WHERE processed_at IS NULL AND process_after <= $1
     ORDER BY process_after, queue_id
       FOR UPDATE SKIP LOCKED
)
UPDATE event_batch_queue q
   SET processed_at = $1
  FROM due
 WHERE q.queue_id = due.queue_id
RETURNING q.queue_id, q.event_type, q.payload, q.batch_key;
