-- Which platforms report the stream live, per session (issue 15). A simulcast session goes
-- "offline" (grace period, heist timer paused) only when the last live platform reports offline.
ALTER TABLE streaming_sessions
    ADD COLUMN live_platforms TEXT[] NOT NULL DEFAULT '{}'
        CHECK (live_platforms <@ ARRAY['kick', 'twitch', 'discord', 'console']::text[]);
