-- Open a heist; none comes back when one is open already (one open heist at a time).
-- params: $1 session_id, $2 event_type, $3 difficulty, $4 content_id int, $5 prompt, $6 answer,
--         $7 accepted text[], $8 started_at, $9 time limit seconds, $10 rng seed id, $11 rng nonce
-- returns: one row (heist_id) or none
INSERT INTO heist_events (session_id, event_type, difficulty, content_id, prompt, correct_answer,
                          accepted_answers, started_at, time_limit_seconds, rng_seed_id, rng_nonce)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT DO NOTHING
RETURNING heist_id;
