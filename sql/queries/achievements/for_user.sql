-- Every active achievement with one player's progress and its rarity (from the rarity job).
-- params: $1 user_id bigint
-- returns: rows (achievement_key, achievement_name, description, tier, requirement_type,
--          requirement_value, is_hidden, current_progress, is_completed, holders, active_players)
SELECT a.achievement_key, a.achievement_name, a.description, a.tier, a.requirement_type,
       a.requirement_value, a.is_hidden,
       COALESCE(ua.current_progress, 0) AS current_progress,
       COALESCE(ua.is_completed, false) AS is_completed,
       r.holders, r.active_players
  FROM achievements a
  LEFT JOIN user_achievements ua ON ua.achievement_id = a.achievement_id AND ua.user_id = $1
  LEFT JOIN achievement_rarity r ON r.achievement_id = a.achievement_id
 WHERE a.is_active
 ORDER BY a.display_order, a.achievement_id;
