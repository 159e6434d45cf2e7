-- Merge: the survivor keeps every achievement the absorbed player completed (already paid into
-- the wallet that merged) and the better progress of unfinished ones (the larger of the two, so
-- no completion is created unpaid), and every item the absorbed player ever held.
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint
-- returns: nothing
WITH ach AS (
    INSERT INTO user_achievements AS ua
           (user_id, achievement_id, current_progress, is_completed, started_at, completed_at, updated_at)
    SELECT $2, achievement_id, current_progress, is_completed, started_at, completed_at, updated_at
      FROM user_achievements WHERE user_id = $1
    ON CONFLICT (user_id, achievement_id) DO UPDATE
       SET current_progress = GREATEST(ua.current_progress, EXCLUDED.current_progress),
           is_completed = ua.is_completed OR EXCLUDED.is_completed,
           completed_at = COALESCE(ua.completed_at, EXCLUDED.completed_at),
           updated_at = now()
     WHERE NOT ua.is_completed
    RETURNING 1
)
INSERT INTO user_item_discoveries (user_id, item_id, first_held_at)
SELECT $2, item_id, first_held_at FROM user_item_discoveries WHERE user_id = $1
ON CONFLICT (user_id, item_id) DO NOTHING;
