-- The content used by the last N heists (no repeat among them).
-- params: $1 limit integer
-- returns: rows (event_type, content_id)
SELECT event_type, content_id
  FROM heist_recent_events
 ORDER BY used_at DESC, recent_id DESC
 LIMIT $1;
