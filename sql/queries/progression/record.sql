-- Feed goal counters and hall-of-fame offers of one batch of effects, in the acting transaction.
-- Achievements: every active achievement of a counter's requirement_type is upserted (ADD adds,
-- SET stores the value); a completed one is never touched again (WHERE NOT is_completed), so a
-- completion is returned exactly once. Missions: the player's active, unexpired, unfinished
-- missions of the objective type advance, capped at the objective. Records: the best offer per
-- record type replaces the record only if strictly greater; the old holder moves to "previous"
-- unless the holder only improved their own record.
-- params: $1 achievement users bigint[], $2 requirement types text[], $3 amounts bigint[],
--         $4 is_set bool[] (one entry per user and type),
--         $5 mission users bigint[], $6 objective types text[], $7 amounts bigint[], $8 is_set bool[],
--         $9 now timestamptz,
--         $10 record types text[], $11 record users bigint[], $12 record values bigint[],
--         $13 users whose daily wealth earned may set highest_daily_wealth bigint[], $14 game day date,
--         $15 rob attackers bigint[], $16 won bool[] (each attempt steps the stored rob win streak:
--         +1 on a win, back to 0 on a loss; the new streak feeds rob_win_streak as a SET counter)
-- returns: rows (kind 'achievement' | 'mission' | 'record', user_id, key, name, tier,
--          reward_wealth, reward_xp, reward_bonds, reward_title, mission_type, period_start,
--          record_value, previous_holder_id, previous_value)
WITH streak AS (
    UPDATE users u
       SET rob_win_streak = CASE WHEN s.won THEN u.rob_win_streak + 1 ELSE 0 END
      FROM unnest($15::bigint[], $16::bool[]) AS s(user_id, won)
     WHERE u.user_id = s.user_id
    RETURNING u.user_id, u.rob_win_streak
), fed AS (
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bool[]) AS i(user_id, rtype, amount, is_set)
    UNION ALL
    SELECT user_id, 'rob_win_streak', rob_win_streak::bigint, true FROM streak
), a_in AS (
    SELECT i.user_id, a.achievement_id, a.requirement_value, i.amount, i.is_set
      FROM fed i
      JOIN achievements a ON a.requirement_type = i.rtype AND a.is_active
), a_add AS (
    INSERT INTO user_achievements AS ua
           (user_id, achievement_id, current_progress, is_completed, completed_at, updated_at)
    SELECT user_id, achievement_id, amount, amount >= requirement_value,
           CASE WHEN amount >= requirement_value THEN $9::timestamptz END, $9
      FROM a_in WHERE NOT is_set
    ON CONFLICT (user_id, achievement_id) DO UPDATE
       SET current_progress = ua.current_progress + EXCLUDED.current_progress,
           is_completed = ua.current_progress + EXCLUDED.current_progress
               >= (SELECT x.requirement_value FROM achievements x WHERE x.achievement_id = ua.achievement_id),
           completed_at = CASE WHEN ua.current_progress + EXCLUDED.current_progress
               >= (SELECT x.requirement_value FROM achievements x WHERE x.achievement_id = ua.achievement_id)
               THEN EXCLUDED.updated_at END,
           updated_at = EXCLUDED.updated_at
     WHERE NOT ua.is_completed
    RETURNING ua.user_id, ua.achievement_id, ua.is_completed
), a_set AS (
    INSERT INTO user_achievements AS ua
           (user_id, achievement_id, current_progress, is_completed, completed_at, updated_at)
    SELECT user_id, achievement_id, GREATEST(amount, 0), amount >= requirement_value,
           CASE WHEN amount >= requirement_value THEN $9::timestamptz END, $9
      FROM a_in WHERE is_set
    ON CONFLICT (user_id, achievement_id) DO UPDATE
       SET current_progress = EXCLUDED.current_progress,
           is_completed = EXCLUDED.is_completed,
           completed_at = EXCLUDED.completed_at,
           updated_at = EXCLUDED.updated_at
     WHERE NOT ua.is_completed
    RETURNING ua.user_id, ua.achievement_id, ua.is_completed
), m_up AS (
    UPDATE user_missions m
       SET current_progress = LEAST(m.objective_value,
               CASE WHEN i.is_set THEN GREATEST(i.amount, 0) ELSE m.current_progress + i.amount END),
           is_completed = CASE WHEN i.is_set THEN i.amount ELSE m.current_progress + i.amount END
               >= m.objective_value,
           completed_at = CASE WHEN (CASE WHEN i.is_set THEN i.amount ELSE m.current_progress + i.amount END)
               >= m.objective_value THEN $9::timestamptz END
      FROM unnest($5::bigint[], $6::text[], $7::bigint[], $8::bool[]) AS i(user_id, otype, amount, is_set)
     WHERE m.user_id = i.user_id AND m.objective_type = i.otype AND m.status = 'active'
       AND NOT m.is_completed AND m.expires_at > $9
    RETURNING m.user_id, m.mission_type, m.period_start, m.is_completed
), offers AS (
    SELECT o.record_type, o.user_id, o.value
      FROM unnest($10::text[], $11::bigint[], $12::bigint[]) AS o(record_type, user_id, value)
    UNION ALL
    SELECT 'highest_daily_wealth', l.user_id, l.wealth_earned
      FROM leaderboard_snapshots l
     WHERE l.period_type = 'daily' AND l.period_start = $14 AND l.user_id = ANY($13::bigint[])
), best AS (
    -- only offers that beat the standing record reach the upsert, so an ordinary play takes
    -- no lock on the hall (a race between two beaters is settled by the upsert's WHERE)
    SELECT DISTINCT ON (o.record_type) o.record_type, o.user_id, o.value
      FROM offers o
      LEFT JOIN hall_of_fame_records cur ON cur.record_type = o.record_type
     WHERE o.value > 0 AND o.value > COALESCE(cur.record_value, 0)
     ORDER BY o.record_type, o.value DESC, o.user_id
), old AS (
    SELECT h.record_type, h.user_id FROM hall_of_fame_records h
     WHERE h.record_type IN (SELECT record_type FROM best)
), hof AS (
    INSERT INTO hall_of_fame_records AS h (record_type, user_id, record_value, achieved_at)
    SELECT record_type, user_id, value, $9 FROM best
    ON CONFLICT (record_type) DO UPDATE
       SET previous_holder_id = CASE WHEN h.user_id = EXCLUDED.user_id THEN h.previous_holder_id ELSE h.user_id END,
           previous_value = CASE WHEN h.user_id = EXCLUDED.user_id THEN h.previous_value ELSE h.record_value END,
           user_id = EXCLUDED.user_id,
           record_value = EXCLUDED.record_value,
           achieved_at = EXCLUDED.achieved_at
     WHERE EXCLUDED.record_value > h.record_value
    RETURNING h.record_type, h.user_id, h.record_value, h.previous_holder_id, h.previous_value
)
SELECT 'achievement' AS kind, c.user_id, a.achievement_key AS key, a.achievement_name AS name,
       a.tier, a.reward_wealth, a.reward_xp, a.reward_bonds, a.reward_title,
       NULL::text AS mission_type, NULL::date AS period_start,
       NULL::bigint AS record_value, NULL::bigint AS previous_holder_id, NULL::bigint AS previous_value,
       a.display_order AS ord
  FROM (SELECT * FROM a_add UNION ALL SELECT * FROM a_set) c
  JOIN achievements a ON a.achievement_id = c.achievement_id
 WHERE c.is_completed
UNION ALL
SELECT DISTINCT 'mission', m.user_id, NULL, NULL, NULL, NULL::bigint, NULL::bigint, NULL::bigint, NULL,
       m.mission_type, m.period_start, NULL::bigint, NULL::bigint, NULL::bigint, 0
  FROM m_up m WHERE m.is_completed
UNION ALL
SELECT 'record', hof.user_id, hof.record_type, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       hof.record_value,
       CASE WHEN old.user_id IS DISTINCT FROM hof.user_id THEN old.user_id END,
       hof.previous_value, 0
  FROM hof LEFT JOIN old ON old.record_type = hof.record_type
 ORDER BY 1, 2, 15;
