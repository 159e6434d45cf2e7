-- Start a race.
-- params: $1 metric text, $2 prize bigint, $3 places int, $4 starts_on date, $5 ends_on date,
--         $6 ends_at timestamptz, $7 created_by bigint, $8 now timestamptz
-- returns: one row (race_id)
INSERT INTO races (metric, prize, places, starts_on, ends_on, ends_at, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING race_id;
