-- Stop counting a guild channel's chat as activity.
-- params: $1 guild id text, $2 channel id text
-- returns: one row when removed, none when it was not listed
DELETE FROM discord_activity_channels
 WHERE discord_guild_id = $1 AND discord_channel_id = $2
RETURNING discord_channel_id;
