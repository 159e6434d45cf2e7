-- A guild's channel configuration.
-- params: $1 guild id text
-- returns: one row (commands_channel_id, feed_channel_id, activity_channel_ids text[])
SELECT c.commands_channel_id, c.feed_channel_id,
       ARRAY(SELECT discord_channel_id FROM discord_activity_channels
              WHERE discord_guild_id = $1 ORDER BY added_at, discord_channel_id) AS activity_channel_ids
  FROM (SELECT 1) AS one
  LEFT JOIN discord_server_config c ON c.discord_guild_id = $1;
