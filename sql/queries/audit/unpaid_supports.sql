-- Audit: supports that promised a player wealth without the matching 'support' ledger row
-- (reference = the monetization event id, same player, same amount).
-- params: none
-- returns: rows (monetization_event_id, user_id, event_type, wealth_rewarded)
SELECT m.monetization_event_id, m.user_id, m.event_type, m.wealth_rewarded
  FROM monetization_events m
 WHERE m.user_id IS NOT NULL AND m.wealth_rewarded > 0
   AND NOT EXISTS (SELECT 1 FROM wealth_ledger w
                    WHERE w.user_id = m.user_id AND w.reason = 'support'
                      AND w.reference = m.monetization_event_id::text
                      AND w.amount = m.wealth_rewarded)
 ORDER BY m.monetization_event_id;
