-- Lock the chatters of a batch in ascending id order (the order every command locks in).
-- params: $1 user ids bigint[]
-- returns: rows (user_id)
SELECT user_id FROM users WHERE user_id = ANY($1::bigint[]) ORDER BY user_id FOR UPDATE;
