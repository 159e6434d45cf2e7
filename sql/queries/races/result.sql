-- Record one paid place of a settled race.
-- params: $1 race_id bigint, $2 place int, $3 user_id bigint, $4 score bigint, $5 amount bigint
-- returns: nothing
INSERT INTO race_results (race_id, place, user_id, score, amount) VALUES ($1, $2, $3, $4, $5);
