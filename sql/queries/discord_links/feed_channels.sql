-- Feed channel ids set with /kingpin-admin setchannel feed, for one guild or for all.
-- params: $1 discord_guild_id text ('' = every guild)
-- returns: rows (feed_channel_id), by guild id
SELECT feed_channel_id
  FROM discord_server_config
 WHERE feed_channel_id IS NOT NULL AND feed_channel_id <> ''
   AND ($1 = '' OR discord_guild_id = $1)
 ORDER BY discord_guild_id;
