-- The open heist, if any.
-- params: none
-- returns: one row (heist_id, session_id, event_type, difficulty, prompt, correct_answer,
--          accepted_answers, started_at, time_limit_seconds) or none
SELECT heist_id, session_id, event_type, difficulty, prompt, correct_answer, accepted_answers,
       started_at, time_limit_seconds
  FROM heist_events
 WHERE status = 'open';
