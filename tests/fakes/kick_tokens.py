"""An in-memory ``bot.ports.TokenStore`` for Kick adapter tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.events import Platform
from bot.ports import OAuthToken

__all__ = ["MemoryTokenStore"]


@dataclass
class MemoryTokenStore:
    tokens: dict[tuple[Platform, str], OAuthToken] = field(default_factory=dict)
    saves: list[OAuthToken] = field(default_factory=list)

    async def load(self, platform: Platform, account: str, /) -> OAuthToken | None:
        return self.tokens.get((platform, account))

    async def load_all(self, platform: Platform, /) -> Sequence[OAuthToken]:
        return [token for (p, _), token in self.tokens.items() if p is platform]

    async def save(self, token: OAuthToken, /) -> None:
        self.tokens[(token.platform, token.account)] = token
        self.saves.append(token)
