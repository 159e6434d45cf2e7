-- End the rotation in force now (a moderator rotated early).
-- params: $1 now timestamptz
-- returns: nothing
UPDATE black_market_inventory
   SET available_until = $1
 WHERE available_from <= $1 AND available_until > $1;
