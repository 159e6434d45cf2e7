-- Serialise creating a black market rotation: a transaction-level advisory lock on one constant
-- key (released at commit or rollback). Take it before checking whether a rotation is in force,
-- so two commands racing at a rotation boundary create it once.
-- params: none
-- returns: one row (void)
SELECT pg_advisory_xact_lock(7346215001);
