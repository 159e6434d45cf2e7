-- What the latest drawn draw carried over and how many tickets won it (0s when none).
-- params: none
-- returns: one row (rollover, winners, draws)
SELECT COALESCE(l.rollover, 0) AS rollover, COALESCE(l.winners, 0) AS winners,
       (SELECT count(*) FROM lottery_draws) AS draws
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (SELECT rollover, winners FROM lottery_draws WHERE status = 'drawn'
                      ORDER BY draw_id DESC LIMIT 1) l ON true;
