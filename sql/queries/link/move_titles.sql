-- Merge: the survivor gains every title of the absorbed player (unequipped, source 'merge').
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint
-- returns: one row (titles) newly gained
WITH gone AS (
    DELETE FROM user_titles WHERE user_id = $1 RETURNING title, unlocked_at
), added AS (
    INSERT INTO user_titles (user_id, title, source, is_equipped, unlocked_at)
    SELECT $2, title, 'merge', false, unlocked_at FROM gone
    ON CONFLICT (user_id, title) DO NOTHING
    RETURNING title
)
SELECT count(*) AS titles FROM added;
