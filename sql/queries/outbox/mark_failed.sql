-- Record a failed delivery: count it, keep the error, retry after a backoff; after the last
-- allowed attempt the row is parked (available_at = infinity) for a human to look at.
-- params: $1 outbox_id bigint, $2 error text, $3 backoff seconds double precision,
--         $4 max attempts integer
-- returns: one row (attempts, parked boolean) or none when it was delivered meanwhile
UPDATE outbox
   SET attempts = attempts + 1,
       last_error = left($2, 1000),
       available_at = CASE WHEN attempts + 1 >= $4 THEN 'infinity'::timestamptz
                           ELSE now() + make_interval(secs => $3) END
 WHERE outbox_id = $1 AND delivered_at IS NULL
RETURNING attempts, available_at = 'infinity'::timestamptz AS parked;
