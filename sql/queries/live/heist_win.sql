-- Claim an open heist for its first correct answer: only one update can succeed.
-- params: $1 heist_id, $2 winner user_id, $3 platform, $4 answer text, $5 answered_at, $6 crate tier
-- returns: one row (heist_id, response_time_ms) or none (already won, expired or closed)
UPDATE heist_events
   SET status = 'won', winner_user_id = $2, winner_platform = $3, winning_answer = left($4, 500),
       response_time_ms = GREATEST(0, (EXTRACT(EPOCH FROM ($5 - started_at)) * 1000)::int),
       crate_tier = $6, ended_at = GREATEST($5, started_at)
 WHERE heist_id = $1 AND status = 'open'
   AND $5 <= started_at + make_interval(secs => time_limit_seconds)
RETURNING heist_id, response_time_ms;
