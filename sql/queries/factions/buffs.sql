-- The territory buffs one player enjoys now: every territory their faction controls, summed per
-- buff type (fractions, additive).
-- params: $1 user_id bigint
-- returns: rows (buff_type, rate float8)
SELECT t.buff_type, sum(t.buff_rate)::float8 AS rate
  FROM users u
  JOIN territories t ON t.controlling_faction_id = u.faction_id
 WHERE u.user_id = $1
 GROUP BY t.buff_type;
