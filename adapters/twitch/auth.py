"""Twitch user tokens: kept in the database through the ``TokenStore`` port, never in a file.

The bot account's token drives chat (read and send), chat notices and stream status; a
broadcaster's token, when one is stored, adds channel-point redemptions for that channel.
:class:`TokenManager` validates every token at start (a revoked token fails start-up with a
clear :class:`TwitchAuthError`), re-validates on Twitch's required hourly schedule, refreshes a
token close to expiry or after a 401, and saves each refreshed token.

:func:`login_flow` is the ``kingpin twitch login`` helper: OAuth device-code flow against the
configured ``oauth_url`` (no redirect URL or local web server needed), then saves the token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import structlog

from bot.config import TwitchSettings
from bot.events import Platform
from bot.ports import OAuthToken, TokenStore
from bot.redaction import describe_error

__all__ = [
    "BOT_SCOPES",
    "BROADCASTER_SCOPES",
    "OAuthClient",
    "TokenInfo",
    "TokenManager",
    "TwitchAuthError",
    "login_flow",
]

log = structlog.get_logger("adapters.twitch.auth")

BOT_SCOPES: tuple[str, ...] = ("user:read:chat", "user:write:chat", "user:bot")
BROADCASTER_SCOPES: tuple[str, ...] = ("channel:bot", "channel:read:redemptions")
REDEMPTION_SCOPE = "channel:read:redemptions"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class TwitchAuthError(RuntimeError):
    """A token is missing, revoked or cannot be refreshed; the streamer must log in again."""

    def __init__(self, account: str, reason: str) -> None:
        super().__init__(
            f"Twitch token for account {account or '?'}: {reason}. "
            "Run `kingpin twitch login` to authorise again."
        )
        self.account = account
        self.reason = reason


@dataclass(frozen=True, slots=True)
class TokenInfo:
    user_id: str
    login: str
    scopes: tuple[str, ...]
    expires_in: int


@dataclass(frozen=True, slots=True)
class _Grant:
    access_token: str
    refresh_token: str
    scopes: tuple[str, ...]
    expires_in: int | None


class OAuthClient:
    """The few calls Kingpin makes to Twitch's OAuth server."""

    def __init__(self, settings: TwitchSettings, session: aiohttp.ClientSession) -> None:
        self._settings = settings
        self._session = session
        self._base = settings.oauth_url.rstrip("/")

    async def validate(self, access_token: str) -> TokenInfo | None:
        """``None`` means Twitch no longer accepts the token (expired or revoked)."""
        async with self._session.get(
            f"{self._base}/oauth2/validate", headers={"Authorization": f"OAuth {access_token}"}
        ) as resp:
            if resp.status == 401:
                return None
            resp.raise_for_status()
            data = await resp.json()
        return TokenInfo(
            user_id=str(data.get("user_id") or ""),
            login=str(data.get("login") or ""),
            scopes=tuple(data.get("scopes") or ()),
            expires_in=int(data.get("expires_in") or 0),
        )

    async def refresh(self, refresh_token: str) -> _Grant | None:
        """``None`` means the refresh token was refused (revoked or invalid)."""
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": self._settings.client_id,
        }
        secret = self._settings.client_secret.get_secret_value()
        if secret:
            form["client_secret"] = secret
        async with self._session.post(f"{self._base}/oauth2/token", data=form) as resp:
            if resp.status in (400, 401):
                return None
            resp.raise_for_status()
            return _grant(await resp.json())

    async def start_device(self, scopes: tuple[str, ...]) -> dict[str, Any]:
        form = {"client_id": self._settings.client_id, "scopes": " ".join(scopes)}
        async with self._session.post(f"{self._base}/oauth2/device", data=form) as resp:
            resp.raise_for_status()
            data: dict[str, Any] = await resp.json()
            return data

    async def poll_device(self, device_code: str, scopes: tuple[str, ...]) -> _Grant | str:
        """The grant, or Twitch's pending/error message (``authorization_pending``…)."""
        form = {
            "client_id": self._settings.client_id,
            "scopes": " ".join(scopes),
            "device_code": device_code,
            "grant_type": DEVICE_GRANT,
        }
        async with self._session.post(f"{self._base}/oauth2/token", data=form) as resp:
            data = await resp.json(content_type=None)
            if resp.status == 200:
                return _grant(data)
            return str(data.get("message") or f"HTTP {resp.status}")


def _grant(data: dict[str, Any]) -> _Grant:
    scope = data.get("scope") or ()
    return _Grant(
        access_token=str(data["access_token"]),
        refresh_token=str(data.get("refresh_token") or ""),
        scopes=tuple(scope.split() if isinstance(scope, str) else scope),
        expires_in=int(data["expires_in"]) if data.get("expires_in") else None,
    )


class TokenManager:
    """Current tokens per account, refreshed and saved as needed."""

    def __init__(
        self,
        settings: TwitchSettings,
        store: TokenStore,
        oauth: OAuthClient,
        *,
        clock: Clock = _utcnow,
    ) -> None:
        self._settings = settings
        self._store = store
        self._oauth = oauth
        self._clock = clock
        self._tokens: dict[str, OAuthToken] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    @property
    def accounts(self) -> tuple[str, ...]:
        return tuple(self._tokens)

    def token(self, account: str) -> OAuthToken:
        return self._tokens[account]

    async def load(self) -> None:
        """Load and validate the bot token (required) and any broadcaster tokens (optional)."""
        bot_id = self._settings.bot_user_id
        for token in await self._store.load_all(Platform.TWITCH):
            self._tokens[token.account] = token
        if bot_id not in self._tokens:
            raise TwitchAuthError(bot_id, "no token stored for the bot account")
        for account in list(self._tokens):
            try:
                await self.validate(account)
            except TwitchAuthError as exc:
                if account == bot_id:
                    raise
                log.error("twitch.token_revoked", account=account, reason=exc.reason)
                del self._tokens[account]

    def redemption_accounts(self, channels: list[str]) -> list[str]:
        """Broadcasters (among ``channels``) whose token can read redemptions."""
        return [
            c for c in channels if c in self._tokens and REDEMPTION_SCOPE in self._tokens[c].scopes
        ]

    async def validate(self, account: str) -> None:
        info = await self._oauth.validate(self._tokens[account].access_token)
        if info is None:
            await self.refresh(account)
            return
        expires_at = self._clock() + timedelta(seconds=info.expires_in) if info.expires_in else None
        self._tokens[account] = replace(
            self._tokens[account],
            scopes=info.scopes or self._tokens[account].scopes,
            expires_at=expires_at,
        )
        if info.expires_in and info.expires_in <= self._settings.token_refresh_margin_seconds:
            await self.refresh(account)

    async def validate_all(self) -> None:
        for account in list(self._tokens):
            try:
                await self.validate(account)
            except TwitchAuthError as exc:
                log.error("twitch.token_revoked", account=account, reason=exc.reason)
            except aiohttp.ClientError as exc:
                log.warning("twitch.token_validate_failed", account=account, error=describe_error(exc))

    async def access_token(self, account: str) -> str:
        token = self._tokens.get(account)
        if token is None:
            raise TwitchAuthError(account, "no token stored")
        margin = timedelta(seconds=self._settings.token_refresh_margin_seconds)
        if token.expires_at is not None and token.expires_at - margin <= self._clock():
            token = await self.refresh(account, stale=token.access_token)
        return token.access_token

    async def refresh(self, account: str, *, stale: str | None = None) -> OAuthToken:
        """Refresh ``account``'s token (once, even if several callers ask at the same time)."""
        lock = self._locks.setdefault(account, asyncio.Lock())
        async with lock:
            current = self._tokens[account]
            if stale is not None and current.access_token != stale:
                return current  # someone else refreshed it meanwhile
            grant = (
                await self._oauth.refresh(current.refresh_token) if current.refresh_token else None
            )
            if grant is None:
                log.error("twitch.token_revoked", account=account)
                raise TwitchAuthError(account, "token revoked or expired and refresh was refused")
            token = replace(
                current,
                access_token=grant.access_token,
                refresh_token=grant.refresh_token or current.refresh_token,
                scopes=grant.scopes or current.scopes,
                expires_at=(
                    self._clock() + timedelta(seconds=grant.expires_in)
                    if grant.expires_in
                    else None
                ),
            )
            await self._store.save(token)
            self._tokens[account] = token
            log.info("twitch.token_refreshed", account=account)
            return token

    async def run_validation(self) -> None:
        while True:
            await asyncio.sleep(self._settings.token_validate_interval_seconds)
            await self.validate_all()


async def login_flow(
    settings: TwitchSettings,
    token_store: TokenStore,
    *,
    out: Callable[[str], None] = print,
    broadcaster: bool = False,
    session: aiohttp.ClientSession | None = None,
    clock: Clock = _utcnow,
) -> OAuthToken:
    """Walk a streamer through the device-code flow and save the resulting token.

    ``broadcaster=False`` authorises the bot account (log in to Twitch *as the bot* in the
    browser); ``broadcaster=True`` authorises a channel owner for redemptions and ``channel:bot``.
    """
    if not settings.client_id:
        raise TwitchAuthError("", "TWITCH__CLIENT_ID is not set")
    scopes = BROADCASTER_SCOPES if broadcaster else BOT_SCOPES
    owned = session is None
    http = session or aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=settings.http_timeout_seconds)
    )
    try:
        oauth = OAuthClient(settings, http)
        device = await oauth.start_device(scopes)
        who = "the channel owner" if broadcaster else "the BOT account"
        out(
            f"Open {device['verification_uri']} signed in as {who} and enter the code "
            f"{device['user_code']}."
        )
        out(f"Scopes requested: {' '.join(scopes)}")
        interval = float(device.get("interval") or 5)
        deadline = clock() + timedelta(seconds=int(device.get("expires_in") or 1800))
        while True:
            result = await oauth.poll_device(str(device["device_code"]), scopes)
            if isinstance(result, _Grant):
                break
            if result == "slow_down":
                interval += 5
            elif result != "authorization_pending":
                raise TwitchAuthError("", f"authorisation failed: {result}")
            if clock() >= deadline:
                raise TwitchAuthError("", "the code expired before it was entered")
            await asyncio.sleep(interval)
        info = await oauth.validate(result.access_token)
        if info is None:
            raise TwitchAuthError("", "Twitch refused the new token")
        token = OAuthToken(
            platform=Platform.TWITCH,
            account=info.user_id,
            access_token=result.access_token,
            refresh_token=result.refresh_token,
            scopes=info.scopes or result.scopes,
            expires_at=clock() + timedelta(seconds=info.expires_in) if info.expires_in else None,
        )
        await token_store.save(token)
        out(f"Saved the Twitch token for {info.login} (user id {info.user_id}).")
        if not broadcaster and settings.bot_user_id and settings.bot_user_id != info.user_id:
            out(
                f"Warning: TWITCH__BOT_USER_ID is {settings.bot_user_id}, but you logged in as "
                f"user id {info.user_id}. Set TWITCH__BOT_USER_ID={info.user_id}."
            )
        if broadcaster and info.user_id not in settings.channels:
            out(f"Note: add {info.user_id} to TWITCH__CHANNELS to serve this channel.")
        return token
    finally:
        if owned:
            await http.close()
