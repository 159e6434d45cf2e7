-- Races still running, soonest end first.
-- params: none
-- returns: rows (race_id, metric, prize, places, starts_on, ends_on, ends_at)
SELECT race_id, metric, prize, places, starts_on, ends_on, ends_at
  FROM races WHERE status = 'running' ORDER BY ends_at, race_id;
