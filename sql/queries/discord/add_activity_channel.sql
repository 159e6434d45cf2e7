-- Count a guild channel's chat as activity.
-- params: $1 guild id text, $2 channel id text, $3 added by discord user id text
-- returns: one row when added, none when it was already listed
INSERT INTO discord_activity_channels (discord_guild_id, discord_channel_id, added_by_discord_user_id)
VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING
RETURNING discord_channel_id;
