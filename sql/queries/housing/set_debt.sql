-- Record a player's days of unpaid housing upkeep.
-- params: $1 user_id bigint, $2 debt days integer
-- returns: nothing
UPDATE users SET housing_debt_days = $2, updated_at = now() WHERE user_id = $1;
