-- Forget a session's heist plan (session end).
-- params: $1 session_id bigint
-- returns: nothing
DELETE FROM heist_schedule WHERE session_id = $1;
