"""Platform OAuth tokens in ``platform_tokens``: the database-backed :class:`bot.ports.TokenStore`.

Access and refresh tokens are secrets: this module never logs a token or a row, only the
platform and account id. ``account_role`` is informational (the adapters decide what a token
may do from its scopes): a token holding any ``channel:`` scope is stored as the broadcaster's,
any other as the bot's. A missing refresh token is stored as NULL and read back as ``""``.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
import structlog

from bot.events import Platform
from bot.ports import OAuthToken
from bot.sql import QUERIES

__all__ = ["DatabaseTokenStore", "account_role"]

log = structlog.get_logger("kingpin.tokens")

_LOAD = QUERIES["tokens_oauth/load"]
_LOAD_ALL = QUERIES["tokens_oauth/load_all"]
_SAVE = QUERIES["tokens_oauth/save"]


def account_role(token: OAuthToken) -> str:
    """``broadcaster`` for a channel owner's token (``channel:*`` scopes), else ``bot``."""
    return "broadcaster" if any(s.startswith("channel:") for s in token.scopes) else "bot"


def _token(row: asyncpg.Record) -> OAuthToken:
    return OAuthToken(
        platform=Platform(row["platform"]),
        account=row["account_id"],
        access_token=row["access_token"],
        refresh_token=row["refresh_token"] or "",
        scopes=tuple(row["scopes"] or ()),
        expires_at=row["expires_at"],
    )


class DatabaseTokenStore:
    """Loads and saves tokens through the pool; each call is its own short transaction."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def load(self, platform: Platform, account: str, /) -> OAuthToken | None:
        row = await self._pool.fetchrow(_LOAD, platform.value, account)
        return _token(row) if row is not None else None

    async def load_all(self, platform: Platform, /) -> Sequence[OAuthToken]:
        return [_token(row) for row in await self._pool.fetch(_LOAD_ALL, platform.value)]

    async def save(self, token: OAuthToken, /) -> None:
        if token.platform not in (Platform.TWITCH, Platform.KICK, Platform.DISCORD):
            raise ValueError(f"no OAuth tokens are kept for {token.platform.value}")
        if not token.account or not token.access_token:
            raise ValueError("a token needs an account id and an access token")
        await self._pool.execute(
            _SAVE,
            token.platform.value,
            token.account,
            account_role(token),
            token.access_token,
            token.refresh_token or None,
            list(token.scopes),
            token.expires_at,
        )
        log.info(
            "tokens.saved",
            platform=token.platform.value,
            account=token.account,
            role=account_role(token),
            scopes=list(token.scopes),
        )
