-- Benchmark: committed and rolled-back transactions of the current database so far.
-- params: none
-- returns: one row (xact_commit, xact_rollback)
SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database();
