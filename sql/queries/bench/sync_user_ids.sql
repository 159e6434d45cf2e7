-- Benchmark seed: move the users identity past the explicitly numbered seed rows.
-- params: none
-- returns: one row (setval)
SELECT setval(pg_get_serial_sequence('users', 'user_id'), (SELECT max(user_id) FROM users));
