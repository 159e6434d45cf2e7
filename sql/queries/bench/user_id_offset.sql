-- Benchmark seed: the highest user id so far (seeded players are numbered after it).
-- params: none
-- returns: one value (bigint, 0 when there are no users)
SELECT COALESCE(max(user_id), 0) FROM users;
