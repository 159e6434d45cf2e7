-- What the overlay shows right now: the active session, its crown holder and top five
-- supporters, the open heist and the last finished heist of the session.
-- params: $1 standings size int
-- returns: one row (session jsonb|null, crown jsonb|null, standings jsonb, heist jsonb|null,
--          last_heist jsonb|null)
WITH s AS (
    SELECT session_id, session_title, started_at, current_juicernaut_user_id, total_contributions_cents
      FROM streaming_sessions
     WHERE is_active
), totals AS (
    SELECT c.user_id, sum(c.usd_cents)::bigint AS cents
      FROM session_contributions c JOIN s ON c.session_id = s.session_id
     WHERE c.user_id IS NOT NULL
     GROUP BY c.user_id
), named AS (
    SELECT t.user_id, t.cents, COALESCE(NULLIF(u.display_name, ''), u.username) AS name
      FROM totals t JOIN users u ON u.user_id = t.user_id
)
SELECT
    (SELECT jsonb_build_object('id', s.session_id, 'title', s.session_title,
                               'started_at', s.started_at,
                               'total_cents', s.total_contributions_cents)
       FROM s) AS session,
    (SELECT jsonb_build_object('user_id', u.user_id,
                               'holder', COALESCE(NULLIF(u.display_name, ''), u.username),
                               'total_cents', COALESCE((SELECT cents FROM totals
                                                        WHERE user_id = u.user_id), 0))
       FROM s JOIN users u ON u.user_id = s.current_juicernaut_user_id) AS crown,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('name', n.name, 'cents', n.cents)
                               ORDER BY n.cents DESC, n.user_id)
                FROM (SELECT * FROM named ORDER BY cents DESC, user_id LIMIT $1) n),
             '[]'::jsonb) AS standings,
    (SELECT jsonb_build_object('id', h.heist_id, 'type', h.event_type, 'prompt', h.prompt,
                               'difficulty', h.difficulty, 'started_at', h.started_at,
                               'seconds', h.time_limit_seconds)
       FROM heist_events h WHERE h.status = 'open') AS heist,
    (SELECT jsonb_build_object('id', h.heist_id, 'status', h.status,
                               'answer', h.correct_answer,
                               'winner', COALESCE(NULLIF(u.display_name, ''), u.username),
                               'response_ms', h.response_time_ms, 'crate', h.crate_tier,
                               'ended_at', h.ended_at)
       FROM heist_events h JOIN s ON h.session_id = s.session_id
       LEFT JOIN users u ON u.user_id = h.winner_user_id
      WHERE h.status IN ('won', 'expired')
      ORDER BY h.ended_at DESC, h.heist_id DESC
      LIMIT 1) AS last_heist;
