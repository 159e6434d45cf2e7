-- Move a player's wealth by a signed amount and write its ledger row, in one statement.
-- The guard keeps wealth >= 0: no row back means the change was refused (nothing written).
-- params: $1 user_id bigint, $2 amount bigint, $3 reason text, $4 reference text (nullable),
--         $5 game_event_id bigint (nullable)
-- returns: one row (balance_after) or none
WITH moved AS (
    UPDATE users
       SET wealth = wealth + $2, updated_at = now()
     WHERE user_id = $1 AND wealth + $2 >= 0
    RETURNING wealth
)
INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason, reference, game_event_id)
SELECT $1, $2, wealth - $2, wealth, $3, $4, $5 FROM moved
RETURNING balance_after;
