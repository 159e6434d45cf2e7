"""An in-memory ``adapters.discord.ports.Autocomplete`` (the real one reads the database)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["MemoryAutocomplete"]


@dataclass
class MemoryAutocomplete:
    """Returns its lists unfiltered, like a lazy provider would; records every call."""

    player_names: Mapping[str, Sequence[str]] = field(default_factory=dict)  # guild → names
    owned: Mapping[str, Sequence[str]] = field(default_factory=dict)  # user id → item names
    shop: Mapping[str, Sequence[str]] = field(default_factory=dict)  # user id → item names
    calls: list[tuple[str, str, str]] = field(default_factory=list)

    async def players(self, guild: str, prefix: str, /) -> Sequence[str]:
        self.calls.append(("players", guild, prefix))
        return self.player_names.get(guild, ())

    async def owned_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        self.calls.append(("owned_items", user_id, prefix))
        return self.owned.get(user_id, ())

    async def shop_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        self.calls.append(("shop_items", user_id, prefix))
        return self.shop.get(user_id, ())
