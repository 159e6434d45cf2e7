-- Each territory's leading faction so far today (ties: none shown).
-- params: $1 day date
-- returns: rows (territory_id, faction_id, total_score bigint)
SELECT DISTINCT ON (territory_id) territory_id, faction_id, total_score
  FROM territory_scores s
 WHERE score_date = $1 AND total_score > 0
   AND NOT EXISTS (SELECT 1 FROM territory_scores o
                    WHERE o.territory_id = s.territory_id AND o.score_date = s.score_date
                      AND o.faction_id <> s.faction_id AND o.total_score = s.total_score)
 ORDER BY territory_id, total_score DESC;
