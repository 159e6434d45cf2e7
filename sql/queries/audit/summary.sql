-- Audit: the figures the summary line reports.
-- params: none
-- returns: one row (players, wealth, ledger_rows, ledger_sum, token_holders, processed_events,
--          game_events, supports)
SELECT (SELECT count(*) FROM users WHERE merged_into_user_id IS NULL) AS players,
       (SELECT COALESCE(sum(wealth), 0) FROM users) AS wealth,
       (SELECT count(*) FROM wealth_ledger) AS ledger_rows,
       (SELECT COALESCE(sum(amount), 0) FROM wealth_ledger) AS ledger_sum,
       (SELECT count(*) FROM heist_tokens) AS token_holders,
       (SELECT count(*) FROM processed_events) AS processed_events,
       (SELECT count(*) FROM game_events) AS game_events,
       (SELECT count(*) FROM monetization_events) AS supports;
