"""What the Discord adapter reads from the game database: autocomplete names and feed channels.

:class:`DatabaseAutocomplete` implements ``adapters.discord.ports.Autocomplete`` and
:class:`DatabaseFeedChannels` implements ``adapters.discord.ports.FeedChannels`` (structurally:
``bot`` never imports an adapter). Both only read, each call one short statement.

Player suggestions are not limited to a guild's members (the database does not know who is in
which guild): players seen on Discord come first, then everyone else by last activity, and each
suggestion is a name a command's target resolves (login or display name).
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from bot.sql import QUERIES

__all__ = ["DatabaseAutocomplete", "DatabaseFeedChannels"]

_PLAYERS = QUERIES["discord_links/players_by_prefix"]
_OWNED = QUERIES["discord_links/owned_items"]
_SHOP = QUERIES["discord_links/shop_items"]
_FEED = QUERIES["discord_links/feed_channels"]

MAX_SUGGESTIONS = 25  # Discord shows at most 25 choices


def _prefix(text: str) -> str:
    return text.strip().lstrip("@").lower()[:100]


class DatabaseAutocomplete:
    def __init__(self, pool: asyncpg.Pool, *, limit: int = MAX_SUGGESTIONS) -> None:
        self._pool = pool
        self._limit = limit

    async def players(self, guild: str, prefix: str, /) -> Sequence[str]:
        wanted = _prefix(prefix)
        names: list[str] = []
        for row in await self._pool.fetch(_PLAYERS, wanted, self._limit):
            display, login = row["display_name"] or "", row["username"]
            names.append(display if display and display.lower().startswith(wanted) else login)
        return list(dict.fromkeys(names))

    async def owned_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        rows = await self._pool.fetch(_OWNED, user_id, _prefix(prefix), self._limit)
        return list(dict.fromkeys(r["item_name"] for r in rows))

    async def shop_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        rows = await self._pool.fetch(_SHOP, user_id, _prefix(prefix), self._limit)
        return [r["item_name"] for r in rows]


class DatabaseFeedChannels:
    """Feed channel ids from ``discord_server_config`` (``guild == ""``: every guild's)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def __call__(self, guild: str, /) -> Sequence[str]:
        if guild == "dm":
            return ()
        rows = await self._pool.fetch(_FEED, guild)
        return list(dict.fromkeys(r["feed_channel_id"] for r in rows))
