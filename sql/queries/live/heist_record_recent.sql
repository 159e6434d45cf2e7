-- Remember the content a heist used; a trivia question also counts as used.
-- params: $1 event_type text, $2 content_id int, $3 now timestamptz
-- returns: nothing
WITH used AS (
    INSERT INTO heist_recent_events (event_type, content_id, used_at) VALUES ($1, $2, $3)
)
UPDATE heist_trivia_pool
   SET times_used = times_used + 1, last_used_at = $3
 WHERE $1 = 'trivia' AND trivia_id = $2;
