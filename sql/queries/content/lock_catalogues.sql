-- Serialise content loads: two `kingpin db upgrade` runs at once load the catalogues one after
-- the other (the lock is released when the loading transaction ends).
-- params: $1 bigint advisory lock key
-- returns: one void value
SELECT pg_advisory_xact_lock($1::bigint);
