"""Kick's REST API and OAuth server: the requests the adapter makes, and the bot's user token.

Every base URL comes from ``KickSettings`` (``api_url``, ``oauth_url``), so tests point them at
local fakes. Non-2xx answers raise :class:`KickApiError` carrying the status and any
``Retry-After``; callers decide whether to retry.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from bot.config import KickSettings
from bot.errors import KingpinError
from bot.events import Platform
from bot.ports import OAuthToken, TokenStore
from bot.redaction import Redactor, describe_error, plain_url

__all__ = [
    "BotToken",
    "KickApi",
    "KickApiError",
    "NoBotToken",
    "TokenGrant",
]

_REFRESH_MARGIN = timedelta(seconds=60)


class KickApiError(KingpinError):
    """Kick answered with a non-2xx status (or the request never completed: ``status`` 0)."""

    def __init__(self, status: int, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"Kick API {status}: {message}")
        self.status = status
        self.message = message
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.status == 0 or self.status == 429 or self.status >= 500


class NoBotToken(KingpinError):
    """No OAuth token is stored for the bot account: run ``kingpin kick login``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_in: int | None
    scopes: tuple[str, ...]

    def to_token(self, account: str, now: datetime) -> OAuthToken:
        expires_at = now + timedelta(seconds=self.expires_in) if self.expires_in else None
        return OAuthToken(
            platform=Platform.KICK,
            account=account,
            access_token=self.access_token,
            refresh_token=self.refresh_token,
            scopes=self.scopes,
            expires_at=expires_at,
        )


class KickApi:
    """Thin typed calls over one ``aiohttp.ClientSession``; holds the cached app token."""

    def __init__(
        self,
        settings: KickSettings,
        session: aiohttp.ClientSession,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._settings = settings
        self._session = session
        self._clock = clock
        self._api = settings.api_url.rstrip("/")
        self._oauth = settings.oauth_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=settings.http_timeout_seconds)
        self._app_token: tuple[str, datetime | None] | None = None
        self._app_lock = asyncio.Lock()

    # OAuth ---------------------------------------------------------------------------------

    async def app_token(self) -> str:
        """An app access token (client credentials), cached until shortly before expiry."""
        async with self._app_lock:
            now = self._clock()
            if self._app_token is not None:
                token, expires_at = self._app_token
                if expires_at is None or now < expires_at - _REFRESH_MARGIN:
                    return token
            grant = await self._token_request({"grant_type": "client_credentials"})
            expires_at = now + timedelta(seconds=grant.expires_in) if grant.expires_in else None
            self._app_token = (grant.access_token, expires_at)
            return grant.access_token

    async def exchange_code(self, *, code: str, verifier: str, redirect_uri: str) -> TokenGrant:
        return await self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "code_verifier": verifier,
                "redirect_uri": redirect_uri,
            }
        )

    async def refresh(self, refresh_token: str) -> TokenGrant:
        return await self._token_request(
            {"grant_type": "refresh_token", "refresh_token": refresh_token}
        )

    async def _token_request(self, form: Mapping[str, str]) -> TokenGrant:
        data = {
            **form,
            "client_id": self._settings.client_id,
            "client_secret": self._settings.client_secret.get_secret_value(),
        }
        body = await self._request("POST", f"{self._oauth}/oauth/token", data=data)
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise KickApiError(200, "token response without access_token")
        expires_in = body.get("expires_in")
        try:
            expires = int(expires_in) if expires_in not in (None, "") else None
        except (TypeError, ValueError):
            expires = None
        scope = body.get("scope")
        return TokenGrant(
            access_token=body["access_token"],
            refresh_token=str(body.get("refresh_token") or ""),
            expires_in=expires,
            scopes=tuple(scope.split()) if isinstance(scope, str) else (),
        )

    # Public API ----------------------------------------------------------------------------

    async def public_key_pem(self) -> str:
        body = await self._request("GET", f"{self._api}/public/v1/public-key")
        key = _data(body).get("public_key") if isinstance(_data(body), dict) else None
        if not isinstance(key, str) or "PUBLIC KEY" not in key:
            raise KickApiError(200, "public-key response without a PEM")
        return key

    async def current_user(self, access_token: str) -> tuple[str, str]:
        """``(user_id, name)`` of the token's own account."""
        body = await self._request("GET", f"{self._api}/public/v1/users", token=access_token)
        users = _data(body)
        if not isinstance(users, list) or not users or not isinstance(users[0], dict):
            raise KickApiError(200, "users response without a user")
        return str(users[0].get("user_id", "")), str(users[0].get("name", ""))

    async def list_subscriptions(self, token: str) -> list[Mapping[str, Any]]:
        body = await self._request(
            "GET", f"{self._api}/public/v1/events/subscriptions", token=token
        )
        items = _data(body)
        return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

    async def create_subscriptions(
        self, token: str, broadcaster_user_id: str, events: Sequence[str]
    ) -> list[Mapping[str, Any]]:
        """Subscribe one channel to ``events`` (version 1, webhook); returns per-event results."""
        body = await self._request(
            "POST",
            f"{self._api}/public/v1/events/subscriptions",
            token=token,
            json={
                "broadcaster_user_id": int(broadcaster_user_id),
                "events": [{"name": name, "version": 1} for name in events],
                "method": "webhook",
            },
        )
        items = _data(body)
        return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

    async def post_chat(
        self, token: str, *, broadcaster_user_id: str, content: str, reply_to: str | None
    ) -> str | None:
        """Send one chat line as the token's user; returns Kick's message id when given."""
        payload: dict[str, Any] = {
            "type": "user",
            "broadcaster_user_id": int(broadcaster_user_id),
            "content": content,
        }
        if reply_to:
            payload["reply_to_message_id"] = reply_to
        body = await self._request("POST", f"{self._api}/public/v1/chat", token=token, json=payload)
        data = _data(body)
        if isinstance(data, dict):
            if data.get("is_sent") is False:
                raise KickApiError(200, "chat message not sent")
            message_id = data.get("message_id")
            return str(message_id) if message_id else None
        return None

    async def _request(
        self,
        method: str,
        url: str,
        *,
        token: str | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
    ) -> Any:
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        try:
            async with self._session.request(
                method, url, headers=headers, json=json, data=data, timeout=self._timeout
            ) as resp:
                text = await resp.text()
                if resp.status >= 300:
                    raise KickApiError(
                        resp.status,
                        f"{method} {plain_url(url)}: {_error_message(text)}",
                        retry_after=_retry_after(resp.headers.get("Retry-After")),
                    )
                if not text:
                    return None
                try:
                    return await resp.json(content_type=None)
                except ValueError as exc:
                    raise KickApiError(resp.status, "response is not JSON") from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise KickApiError(0, f"{method} {plain_url(url)}: {describe_error(exc)}") from None


class BotToken:
    """The bot account's user token: loaded from the ``TokenStore``, refreshed and saved back.

    Refreshes ahead of ``expires_at`` and on demand after a 401. Concurrent refreshes collapse
    into one (Kick rotates refresh tokens, so a second refresh with the old one would fail).
    """

    def __init__(
        self,
        api: KickApi,
        store: TokenStore,
        account: str,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._api = api
        self._store = store
        self._account = account
        self._clock = clock
        self._token: OAuthToken | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        async with self._lock:
            if self._token is None:
                self._token = await self._store.load(Platform.KICK, self._account)
                if self._token is None:
                    raise NoBotToken(f"no Kick token stored for account {self._account!r}")
            expires_at = self._token.expires_at
            if expires_at is not None and self._clock() >= expires_at - _REFRESH_MARGIN:
                await self._refresh_locked()
            return self._token.access_token

    async def refresh(self, stale_access_token: str) -> str:
        """Refresh after ``stale_access_token`` was refused, unless another task already did."""
        async with self._lock:
            if self._token is not None and self._token.access_token != stale_access_token:
                return self._token.access_token
            if self._token is None:
                self._token = await self._store.load(Platform.KICK, self._account)
                if self._token is None:
                    raise NoBotToken(f"no Kick token stored for account {self._account!r}")
            await self._refresh_locked()
            return self._token.access_token

    async def _refresh_locked(self) -> None:
        assert self._token is not None
        if not self._token.refresh_token:
            raise NoBotToken("the stored Kick token has no refresh token: log in again")
        grant = await self._api.refresh(self._token.refresh_token)
        token = grant.to_token(self._account, self._clock())
        if not token.refresh_token:
            token = OAuthToken(
                platform=token.platform,
                account=token.account,
                access_token=token.access_token,
                refresh_token=self._token.refresh_token,
                scopes=token.scopes or self._token.scopes,
                expires_at=token.expires_at,
            )
        await self._store.save(token)
        self._token = token


def _data(body: Any) -> Any:
    return body.get("data") if isinstance(body, dict) else None


def _error_message(text: str) -> str:
    """Kick's ``message`` field (or the start of the body), with any credentials removed:
    a token endpoint may echo what it was sent."""
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        text = body["message"]
    return Redactor().text(text[:200]) if text else "(empty body)"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
