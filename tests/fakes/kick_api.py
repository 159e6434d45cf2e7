"""A fake of Kick's REST API and OAuth server (one aiohttp app on 127.0.0.1, port 0).

Serves ``/oauth/authorize``, ``/oauth/token`` (client credentials, authorization code with
PKCE S256, refresh with rotation), ``/public/v1/public-key``, ``/public/v1/users``,
``/public/v1/events/subscriptions`` (GET/POST) and ``/public/v1/chat``. Point both
``KICK__API_URL`` and ``KICK__OAUTH_URL`` at :attr:`KickApiFake.url`.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

__all__ = ["ChatPost", "KickApiFake"]


@dataclass(frozen=True, slots=True)
class ChatPost:
    token: str
    account: str
    body: dict[str, Any]


@dataclass(slots=True)
class _Grant:
    account: str  # "" for app tokens
    kind: str  # "app" | "user"


@dataclass(slots=True)
class _Authorization:
    challenge: str
    redirect_uri: str
    account: str


@dataclass(slots=True)
class KickApiFake:
    client_id: str = "kick-client"
    client_secret: str = "kick-secret"
    public_key_pem: str = ""
    # Account ids and names of users who "log in" through /oauth/authorize.
    login_account: tuple[str, str] = ("4242", "kingpin_bot")
    expires_in: int = 3600
    chat_posts: list[ChatPost] = field(default_factory=list)
    chat_attempts: int = 0
    # Statuses (with optional Retry-After) to answer the next chat posts with, in order.
    chat_failures: deque[tuple[int, str | None]] = field(default_factory=deque)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    subscription_posts: list[dict[str, Any]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    authorizations: list[dict[str, str]] = field(default_factory=list)
    _access: dict[str, _Grant] = field(default_factory=dict)
    _refresh: dict[str, str] = field(default_factory=dict)
    _codes: dict[str, _Authorization] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    url: str = ""

    async def __aenter__(self) -> KickApiFake:
        app = web.Application()
        app.router.add_get("/oauth/authorize", self._authorize)
        app.router.add_post("/oauth/token", self._token)
        app.router.add_get("/public/v1/public-key", self._public_key)
        app.router.add_get("/public/v1/users", self._users)
        app.router.add_get("/public/v1/events/subscriptions", self._list_subs)
        app.router.add_post("/public/v1/events/subscriptions", self._create_subs)
        app.router.add_post("/public/v1/chat", self._chat)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # Test helpers ----------------------------------------------------------------------------

    def issue_user_token(self, account: str) -> tuple[str, str]:
        """``(access, refresh)`` for ``account``, as if it had logged in earlier."""
        access = f"user-{account}-{next(self._ids)}"
        refresh = f"refresh-{account}-{next(self._ids)}"
        self._access[access] = _Grant(account, "user")
        self._refresh[refresh] = account
        return access, refresh

    def revoke(self, access_token: str) -> None:
        """Make an access token invalid (the next call with it gets 401)."""
        self._access.pop(access_token, None)

    def seed_subscription(self, broadcaster_user_id: int, event: str, version: int = 1) -> None:
        self.subscriptions.append(
            {
                "id": f"sub-{next(self._ids)}",
                "app_id": self.client_id,
                "broadcaster_user_id": broadcaster_user_id,
                "event": event,
                "version": version,
                "method": "webhook",
            }
        )

    # Handlers --------------------------------------------------------------------------------

    def _bearer(self, request: web.Request) -> tuple[str, _Grant] | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        token = header.removeprefix("Bearer ")
        grant = self._access.get(token)
        return (token, grant) if grant is not None else None

    @staticmethod
    def _unauthorized() -> web.Response:
        return web.json_response({"data": {}, "message": "Unauthorized"}, status=401)

    async def _authorize(self, request: web.Request) -> web.Response:
        q = request.query
        self.authorizations.append(dict(q))
        if q.get("client_id") != self.client_id or q.get("code_challenge_method") != "S256":
            return web.json_response({"error": "Invalid request"}, status=400)
        code = secrets.token_urlsafe(12)
        self._codes[code] = _Authorization(
            q["code_challenge"], q["redirect_uri"], self.login_account[0]
        )
        target = f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}"
        raise web.HTTPFound(target)

    async def _token(self, request: web.Request) -> web.Response:
        if request.content_type != "application/x-www-form-urlencoded":
            return web.json_response({"error": "Invalid request"}, status=400)
        form = {k: str(v) for k, v in (await request.post()).items()}
        self.token_requests.append(form)
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return web.json_response({"error": "Invalid client"}, status=401)
        grant_type = form.get("grant_type")
        if grant_type == "client_credentials":
            access = f"app-{next(self._ids)}"
            self._access[access] = _Grant("", "app")
            return web.json_response(
                {"access_token": access, "token_type": "Bearer", "expires_in": self.expires_in}
            )
        if grant_type == "refresh_token":
            account = self._refresh.pop(form.get("refresh_token", ""), None)
            if account is None:
                return web.json_response({"error": "Invalid request"}, status=400)
            return self._user_grant(account)
        if grant_type == "authorization_code":
            auth = self._codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if (
                auth is None
                or auth.challenge != challenge
                or auth.redirect_uri != form.get("redirect_uri")
            ):
                return web.json_response({"error": "Invalid request"}, status=400)
            return self._user_grant(auth.account)
        return web.json_response({"error": "Invalid request"}, status=400)

    def _user_grant(self, account: str) -> web.Response:
        access, refresh = self.issue_user_token(account)
        return web.json_response(
            {
                "access_token": access,
                "token_type": "Bearer",
                "refresh_token": refresh,
                "expires_in": self.expires_in,
                "scope": "user:read chat:write events:subscribe",
            }
        )

    async def _public_key(self, request: web.Request) -> web.Response:
        return web.json_response({"data": {"public_key": self.public_key_pem}, "message": "OK"})

    async def _users(self, request: web.Request) -> web.Response:
        auth = self._bearer(request)
        if auth is None or auth[1].kind != "user":
            return self._unauthorized()
        account = auth[1].account
        name = self.login_account[1] if account == self.login_account[0] else f"user{account}"
        return web.json_response(
            {
                "data": [
                    {"user_id": int(account), "name": name, "email": "", "profile_picture": ""}
                ],
                "message": "OK",
            }
        )

    async def _list_subs(self, request: web.Request) -> web.Response:
        if self._bearer(request) is None:
            return self._unauthorized()
        return web.json_response({"data": list(self.subscriptions), "message": "OK"})

    async def _create_subs(self, request: web.Request) -> web.Response:
        if self._bearer(request) is None:
            return self._unauthorized()
        body = await request.json()
        self.subscription_posts.append(body)
        if not isinstance(body.get("broadcaster_user_id"), int) or body.get("method") != "webhook":
            return web.json_response({"data": {}, "message": "Bad request"}, status=400)
        results = []
        for item in body["events"]:
            self.seed_subscription(body["broadcaster_user_id"], item["name"], item["version"])
            results.append(
                {
                    "name": item["name"],
                    "version": item["version"],
                    "subscription_id": self.subscriptions[-1]["id"],
                    "error": None,
                }
            )
        return web.json_response({"data": results, "message": "OK"})

    async def _chat(self, request: web.Request) -> web.Response:
        self.chat_attempts += 1
        auth = self._bearer(request)
        if auth is None or auth[1].kind != "user":
            return self._unauthorized()
        if self.chat_failures:
            status, retry_after = self.chat_failures.popleft()
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return web.json_response(
                {"data": {}, "message": "Too Many Requests"}, status=status, headers=headers
            )
        body = await request.json()
        content = body.get("content")
        if (
            body.get("type") != "user"
            or not isinstance(body.get("broadcaster_user_id"), int)
            or not isinstance(content, str)
            or not 0 < len(content) <= 500
        ):
            return web.json_response({"data": {}, "message": "Bad request"}, status=400)
        self.chat_posts.append(ChatPost(auth[0], auth[1].account, body))
        return web.json_response(
            {"data": {"is_sent": True, "message_id": f"msg-{next(self._ids)}"}, "message": "OK"}
        )
