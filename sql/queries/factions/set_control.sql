-- Record a day's evaluation: every territory evaluated at $3; the ones whose controller changed
-- get it and the change time. Territories already evaluated at or after $3 are left alone (a
-- second run of the same slot changes nothing).
-- params: $1 territory ids bigint[], $2 controllers bigint[] (NULL = neutral), $3 evaluated at
-- returns: rows (territory_id, old_owner, new_owner) for the territories whose controller changed
WITH input AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS i(territory_id, owner)
), before AS (
    SELECT t.territory_id, t.controlling_faction_id AS old_owner
      FROM territories t JOIN input i USING (territory_id)
     WHERE t.last_evaluated_at IS NULL OR t.last_evaluated_at < $3
       FOR UPDATE OF t
), updated AS (
    UPDATE territories t
       SET controlling_faction_id = i.owner,
           last_evaluated_at = $3,
           control_changed_at = CASE WHEN t.controlling_faction_id IS DISTINCT FROM i.owner
                                     THEN $3 ELSE t.control_changed_at END
      FROM input i JOIN before b USING (territory_id)
     WHERE t.territory_id = i.territory_id
    RETURNING t.territory_id, i.owner
)
SELECT b.territory_id, b.old_owner, u.owner AS new_owner
  FROM before b JOIN updated u USING (territory_id)
 WHERE b.old_owner IS DISTINCT FROM u.owner
 ORDER BY b.territory_id;
