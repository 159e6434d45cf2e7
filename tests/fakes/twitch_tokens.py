"""An in-memory ``TokenStore`` (the database-backed one is the lead's) for adapter tests."""

from __future__ import annotations

from collections.abc import Sequence

from bot.events import Platform
from bot.ports import OAuthToken


class MemoryTokenStore:
    def __init__(self, *tokens: OAuthToken) -> None:
        self.tokens: dict[tuple[Platform, str], OAuthToken] = {
            (t.platform, t.account): t for t in tokens
        }
        self.saved: list[OAuthToken] = []

    async def load(self, platform: Platform, account: str, /) -> OAuthToken | None:
        return self.tokens.get((platform, account))

    async def load_all(self, platform: Platform, /) -> Sequence[OAuthToken]:
        return [t for (p, _), t in self.tokens.items() if p is platform]

    async def save(self, token: OAuthToken, /) -> None:
        self.tokens[(token.platform, token.account)] = token
        self.saved.append(token)
