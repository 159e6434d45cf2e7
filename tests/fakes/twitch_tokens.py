"""An in-memory ``TokenStore`` (the database-backed one is the lead's) for adapter tests."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.events import Platform
from bot.ports import OAuthToken


class MemoryTokenStore:
    def __init__(self, *tokens: OAuthToken) -> None:
        self.tokens: dict[tuple[Platform, str], OAuthToken] = {
            (t.platform, t.account): t for t in tokens
        }
        self.saved: list[OAuthToken] = []
        self._changed = asyncio.Condition()

    async def load(self, platform: Platform, account: str, /) -> OAuthToken | None:
        return self.tokens.get((platform, account))

    async def load_all(self, platform: Platform, /) -> Sequence[OAuthToken]:
        return [t for (p, _), t in self.tokens.items() if p is platform]

    async def save(self, token: OAuthToken, /) -> None:
        async with self._changed:
            self.tokens[(token.platform, token.account)] = token
            self.saved.append(token)
            self._changed.notify_all()

    async def wait_saved(self, count: int) -> None:
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(lambda: len(self.saved) >= count)
