-- What the latest drawn draw carried over (0 when none).
-- params: none
-- returns: one row (rollover, draws)
SELECT COALESCE((SELECT rollover FROM lottery_draws WHERE status = 'drawn'
                  ORDER BY draw_id DESC LIMIT 1), 0) AS rollover,
       (SELECT count(*) FROM lottery_draws) AS draws;
