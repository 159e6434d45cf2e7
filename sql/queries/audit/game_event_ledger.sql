-- Audit: game events whose recorded wealth change for their player differs from the ledger
-- rows written under that event for that player.
-- params: none
-- returns: rows (game_event_id, user_id, event_type, wealth_change, ledger_sum)
SELECT g.game_event_id, g.user_id, g.event_type, g.wealth_change, COALESCE(l.total, 0) AS ledger_sum
  FROM game_events g
  LEFT JOIN LATERAL (
        SELECT sum(amount) AS total
          FROM wealth_ledger w
         WHERE w.game_event_id = g.game_event_id AND w.user_id = g.user_id
       ) l ON true
 WHERE g.wealth_change <> COALESCE(l.total, 0)
 ORDER BY g.game_event_id;
