-- Mark the missions of a paid set as claimed.
-- params: $1 user_mission_id bigint[]
-- returns: nothing
UPDATE user_missions SET status = 'claimed' WHERE user_mission_id = ANY($1::bigint[]) AND is_completed;
