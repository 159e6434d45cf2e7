-- Load the heist trivia pool (game/content/trivia.json), keyed by trivia_key; retire questions
-- no longer shipped. Usage counters (times_used, last_used_at) are game state and never written.
-- params: $1 jsonb array of {key, category, difficulty, question, answer, alternatives}
-- returns: one row (inserted text[], updated text[], deactivated text[]) of trivia keys
WITH src AS (
    SELECT *
      FROM jsonb_to_recordset($1::jsonb) AS s (
          key text, category text, difficulty text, question text, answer text,
          alternatives text[])
),
existing AS (
    SELECT trivia_key FROM heist_trivia_pool WHERE trivia_key IN (SELECT key FROM src)
),
upserted AS (
    INSERT INTO heist_trivia_pool AS t (
        trivia_key, category, difficulty, question, answer, alt_answers, is_active)
    SELECT key, category, difficulty, question, answer, COALESCE(alternatives, '{}'), true
      FROM src
    ON CONFLICT (trivia_key) DO UPDATE
       SET category = EXCLUDED.category,
           difficulty = EXCLUDED.difficulty,
           question = EXCLUDED.question,
           answer = EXCLUDED.answer,
           alt_answers = EXCLUDED.alt_answers,
           is_active = true
     WHERE (t.category, t.difficulty, t.question, t.answer, t.alt_answers, t.is_active)
           IS DISTINCT FROM
           (EXCLUDED.category, EXCLUDED.difficulty, EXCLUDED.question, EXCLUDED.answer,
            EXCLUDED.alt_answers, EXCLUDED.is_active)
    RETURNING t.trivia_key
),
retired AS (
    UPDATE heist_trivia_pool
       SET is_active = false
     WHERE is_active AND trivia_key NOT IN (SELECT key FROM src)
    RETURNING trivia_key
)
SELECT ARRAY(SELECT trivia_key FROM upserted
              WHERE trivia_key NOT IN (SELECT trivia_key FROM existing) ORDER BY 1) AS inserted,
       ARRAY(SELECT trivia_key FROM upserted
              WHERE trivia_key IN (SELECT trivia_key FROM existing) ORDER BY 1) AS updated,
       ARRAY(SELECT trivia_key FROM retired ORDER BY 1) AS deactivated;
