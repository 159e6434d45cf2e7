-- The least-used active trivia questions (a trivia heist picks among them, avoiding recent ones).
-- params: $1 limit integer
-- returns: rows (trivia_id, question, answer, alt_answers)
SELECT trivia_id, question, answer, alt_answers
  FROM heist_trivia_pool
 WHERE is_active
 ORDER BY times_used, last_used_at NULLS FIRST, trivia_id
 LIMIT $1;
