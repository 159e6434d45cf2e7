-- Overlay and public pages.
-- 1. Every outbox row is announced on commit (LISTEN kingpin_outbox), so the overlay is one more
--    consumer of the outbox: it never needs a handler to call it. The payload is "<id>:<kind>".
-- 2. users.is_private: a player who typed !private is shown on public web pages without name or
--    figures (their place on a board is kept, so everyone else's rank stays honest).

ALTER TABLE users ADD COLUMN is_private BOOLEAN NOT NULL DEFAULT false;

CREATE FUNCTION outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kingpin_outbox', NEW.outbox_id::text || ':' || NEW.kind);
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_notify();
