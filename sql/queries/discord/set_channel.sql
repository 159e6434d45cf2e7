-- Set a guild's commands or feed channel.
-- params: $1 guild id text, $2 kind text ('commands' | 'feed'), $3 channel id text
-- returns: one row (commands_channel_id, feed_channel_id) after the change
INSERT INTO discord_server_config AS c (discord_guild_id, commands_channel_id, feed_channel_id)
VALUES ($1, CASE WHEN $2::text = 'commands' THEN $3 END, CASE WHEN $2::text = 'feed' THEN $3 END)
ON CONFLICT (discord_guild_id) DO UPDATE
   SET commands_channel_id = CASE WHEN $2::text = 'commands' THEN $3 ELSE c.commands_channel_id END,
       feed_channel_id = CASE WHEN $2::text = 'feed' THEN $3 ELSE c.feed_channel_id END,
       updated_at = now()
RETURNING commands_channel_id, feed_channel_id;
