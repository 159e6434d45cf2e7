-- Delete mission records (not the paid-set history) whose period ended before a day.
-- params: $1 cutoff date
-- returns: rows (user_mission_id)
DELETE FROM user_missions WHERE period_start < $1 AND status <> 'active' RETURNING user_mission_id;
