"""A Discord server's Kingpin channels (``!kp-admin``): commands, feed and activity channels."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from bot.sql import QUERIES

__all__ = ["GuildChannels", "add_activity_channel", "guild_channels", "remove_activity_channel", "set_channel"]

_GET = QUERIES["discord/get_config"]
_SET = QUERIES["discord/set_channel"]
_ADD = QUERIES["discord/add_activity_channel"]
_REMOVE = QUERIES["discord/remove_activity_channel"]


@dataclass(frozen=True, slots=True)
class GuildChannels:
    commands_channel_id: str | None
    feed_channel_id: str | None
    activity_channel_ids: tuple[str, ...]


async def guild_channels(conn: asyncpg.Connection, guild: str) -> GuildChannels:
    r = await conn.fetchrow(_GET, guild)
    return GuildChannels(r["commands_channel_id"], r["feed_channel_id"], tuple(r["activity_channel_ids"]))


async def set_channel(conn: asyncpg.Connection, guild: str, kind: str, channel: str) -> None:
    """Set the ``commands`` or ``feed`` channel."""
    await conn.fetchrow(_SET, guild, kind, channel)


async def add_activity_channel(conn: asyncpg.Connection, guild: str, channel: str, added_by: str) -> bool:
    """True when added, False when it was already listed."""
    return await conn.fetchval(_ADD, guild, channel, added_by) is not None


async def remove_activity_channel(conn: asyncpg.Connection, guild: str, channel: str) -> bool:
    """True when removed, False when it was not listed."""
    return await conn.fetchval(_REMOVE, guild, channel) is not None
