-- Every faction's score on every territory for one game day.
-- params: $1 day date
-- returns: rows (territory_id, faction_id, total_score bigint)
SELECT territory_id, faction_id, total_score
  FROM territory_scores
 WHERE score_date = $1;
