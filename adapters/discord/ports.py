"""What the Discord adapter asks of the application, beyond the ``bot.ports.EventSink``.

The composition root implements these with the database; tests use in-memory ones.
Identifiers are Discord snowflakes as strings; ``guild`` is a guild id, or ``"dm"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["Autocomplete", "FeedChannels", "NoAutocomplete", "NoFeedChannels"]


class Autocomplete(Protocol):
    """Names to suggest while a user types an option.

    Each call gets what the user has typed so far (``prefix``, possibly empty) and may return
    more than matches or more than 25; the cog filters by case-insensitive prefix, removes
    duplicates and keeps the first 25. A call that raises or takes too long suggests nothing.
    """

    async def players(self, guild: str, prefix: str, /) -> Sequence[str]:
        """Player names worth suggesting in ``guild`` (for /rob, /profile, moderator targets)."""
        ...

    async def owned_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        """Names of items the Discord user ``user_id`` owns (for /equip, /sell)."""
        ...

    async def shop_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        """Names of items in that user's personal shop (for /buy)."""
        ...


class FeedChannels(Protocol):
    """Feed channel ids configured in ``discord_server_config``.

    ``guild == ""`` asks for every guild's feed channel; otherwise only that guild's.
    """

    async def __call__(self, guild: str, /) -> Sequence[str]: ...


class NoAutocomplete:
    """Suggests nothing (until the database-backed one is wired)."""

    async def players(self, guild: str, prefix: str, /) -> Sequence[str]:
        return ()

    async def owned_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        return ()

    async def shop_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        return ()


class NoFeedChannels:
    """No channels beyond the ones in settings."""

    async def __call__(self, guild: str, /) -> Sequence[str]:
        return ()
