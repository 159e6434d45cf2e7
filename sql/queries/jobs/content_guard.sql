-- Hold the content-loading lock (bot.content.CONTENT_LOCK_KEY) in shared mode for the rest of the
-- job's transaction: a job never runs while another process (re)loads the game content, whose
-- upserts lock the same catalogue rows (territories, bot_config…) in another order, and jobs do
-- not block one another.
-- params: $1 bigint advisory lock key
-- returns: one void value
SELECT pg_advisory_xact_lock_shared($1::bigint);
