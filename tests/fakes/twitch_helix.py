"""A local aiohttp fake of Twitch's OAuth server and the Helix calls Kingpin makes.

Routes (under one base URL; ``oauth_url = base + "/"``, ``helix_url = base + "/helix/"``):
``GET /oauth2/validate``, ``POST /oauth2/token`` (client-credentials, refresh and device-code
grants),
``POST /oauth2/device``, ``POST /helix/eventsub/subscriptions`` (registers with the
EventSub fake, 400 for an unknown session), ``POST /helix/chat/messages`` (records sends; can
answer 429 with ``Ratelimit-Reset`` or ``is_sent: false`` on demand). Tokens are checked:
unknown → 401 with Twitch's messages ("invalid access token" from validate, "Invalid OAuth
token" from Helix), which is what twitchio keys its refresh-and-retry on. OAuth parameters are
read from the query string (as twitchio sends them) or a form body, like Twitch's server does.
"""

from __future__ import annotations

import asyncio
import math
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.twitch_eventsub import FakeEventSub, FakeSubscription


@dataclass
class FakeUser:
    user_id: str
    login: str
    scopes: tuple[str, ...]


@dataclass
class FakeDevice:
    user: FakeUser
    scopes: tuple[str, ...]
    approved: bool = False
    polls: int = 0


@dataclass
class FakeTwitchApi:
    eventsub: FakeEventSub
    client_id: str = "fake-client-id"
    client_secret: str = ""
    app_tokens: set[str] = field(default_factory=set)
    access: dict[str, FakeUser] = field(default_factory=dict)
    refresh: dict[str, FakeUser] = field(default_factory=dict)
    devices: dict[str, FakeDevice] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    send_attempts: int = 0
    subscription_requests: list[dict[str, Any]] = field(default_factory=list)
    rate_limit_next: int = 0
    rate_limit_reset_in: float = 0.0
    drop_next: list[tuple[str, str]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)  # HTTP statuses for the next sends
    expires_in: int = 14400
    device_requested: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None
    base_url: str = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/oauth2/validate", self._validate)
        app.router.add_post("/oauth2/token", self._token)
        app.router.add_post("/oauth2/device", self._device)
        app.router.add_post("/helix/eventsub/subscriptions", self._subscribe)
        app.router.add_post("/helix/chat/messages", self._send)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def oauth_url(self) -> str:
        return f"{self.base_url}/"

    @property
    def helix_url(self) -> str:
        return f"{self.base_url}/helix/"

    def add_user(self, user_id: str, login: str, scopes: tuple[str, ...]) -> tuple[str, str]:
        """A user with a live token; returns (access_token, refresh_token)."""
        user = FakeUser(user_id, login, scopes)
        access, refresh = secrets.token_hex(8), secrets.token_hex(8)
        self.access[access] = user
        self.refresh[refresh] = user
        return access, refresh

    def expire(self, access_token: str) -> None:
        self.access.pop(access_token, None)

    def revoke_all(self, user_id: str) -> None:
        for table in (self.access, self.refresh):
            for key in [k for k, u in table.items() if u.user_id == user_id]:
                del table[key]

    def _user(self, request: web.Request, scheme: str) -> FakeUser | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith(f"{scheme} "):
            return None
        return self.access.get(header.removeprefix(f"{scheme} "))

    @staticmethod
    async def _params(request: web.Request) -> dict[str, str]:
        form = await request.post()
        return {**request.query, **{k: str(v) for k, v in form.items()}}

    @staticmethod
    def _error(status: int, message: str) -> web.Response:
        return web.json_response(
            {"error": "error", "status": status, "message": message}, status=status
        )

    async def _validate(self, request: web.Request) -> web.Response:
        # Twitch documents "OAuth <token>" here and accepts "Bearer <token>" too (twitchio's).
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("OAuth ").removeprefix("Bearer ")
        if token in self.app_tokens:  # app tokens have no user
            return web.json_response(
                {"client_id": self.client_id, "scopes": [], "expires_in": 5000000}
            )
        user = self.access.get(token)
        if user is None:
            return self._error(401, "invalid access token")
        return web.json_response(
            {
                "client_id": self.client_id,
                "login": user.login,
                "scopes": list(user.scopes),
                "user_id": user.user_id,
                "expires_in": self.expires_in,
            }
        )

    def _grant(self, user: FakeUser, scopes: tuple[str, ...]) -> web.Response:
        access, refresh = secrets.token_hex(8), secrets.token_hex(8)
        self.access[access] = user
        self.refresh[refresh] = user
        return web.json_response(
            {
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": self.expires_in,
                "scope": list(scopes),
                "token_type": "bearer",
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = await self._params(request)
        if form.get("client_id") != self.client_id:
            return self._error(400, "invalid client")
        if form.get("grant_type") == "client_credentials":
            if form.get("client_secret") != self.client_secret:
                return self._error(403, "invalid client secret")
            token = secrets.token_hex(8)
            self.app_tokens.add(token)
            return web.json_response(
                {"access_token": token, "expires_in": 5000000, "token_type": "bearer"}
            )
        if form.get("grant_type") == "refresh_token":
            user = self.refresh.pop(str(form.get("refresh_token")), None)
            if user is None:
                return self._error(400, "Invalid refresh token")
            return self._grant(user, user.scopes)
        if form.get("grant_type") == "urn:ietf:params:oauth:grant-type:device_code":
            device = self.devices.get(str(form.get("device_code")))
            if device is None:
                return self._error(400, "invalid device code")
            device.polls += 1
            if not device.approved:
                return self._error(400, "authorization_pending")
            del self.devices[str(form.get("device_code"))]
            device.user.scopes = device.scopes
            return self._grant(device.user, device.scopes)
        return self._error(400, "unsupported grant type")

    def approve_device(self, user_id: str, login: str) -> None:
        """The streamer entered the code in the browser, signed in as ``login``."""
        device = next(iter(self.devices.values()))
        device.user = FakeUser(user_id, login, device.scopes)
        device.approved = True

    async def _device(self, request: web.Request) -> web.Response:
        form = await self._params(request)
        scopes = tuple(str(form.get("scopes", "")).split())
        code = secrets.token_hex(6)
        self.devices[code] = FakeDevice(FakeUser("", "", scopes), scopes)
        self.device_requested.set()
        return web.json_response(
            {
                "device_code": code,
                "expires_in": 1800,
                "interval": 0.01,
                "user_code": code[:8].upper(),
                "verification_uri": f"{self.base_url}/activate",
            }
        )

    async def _subscribe(self, request: web.Request) -> web.Response:
        user = self._user(request, "Bearer")
        if user is None or request.headers.get("Client-Id") != self.client_id:
            return self._error(401, "Invalid OAuth token")
        body = await request.json()
        self.subscription_requests.append(body)
        session_id = body["transport"]["session_id"]
        if not self.eventsub.has_session(session_id):
            return self._error(
                400, "websocket transport session does not exist or has already disconnected"
            )
        sub = FakeSubscription(
            str(uuid.uuid4()), body["type"], body["version"], dict(body["condition"]), session_id
        )
        await self.eventsub.register(sub)
        return web.json_response(
            {
                "data": [sub.wire()],
                "total": len(self.eventsub.subscriptions),
                "total_cost": 0,
                "max_total_cost": 10,
            },
            status=202,
        )

    async def _send(self, request: web.Request) -> web.Response:
        user = self._user(request, "Bearer")
        if user is None:
            return self._error(401, "Invalid OAuth token")
        body = await request.json()
        self.send_attempts += 1
        if user.user_id != body.get("sender_id"):
            return self._error(403, "sender_id must match the token's user")
        if len(body.get("message", "")) > 500:
            return self._error(400, "message too long")
        if self.fail_next:
            return self._error(self.fail_next.pop(0), "failure on demand")
        if self.rate_limit_next > 0:
            self.rate_limit_next -= 1
            return web.json_response(
                {"error": "Too Many Requests", "status": 429, "message": "rate limited"},
                status=429,
                headers={"Ratelimit-Reset": str(math.ceil(time.time() + self.rate_limit_reset_in))},
            )
        if self.drop_next:
            code, message = self.drop_next.pop(0)
            return web.json_response(
                {
                    "data": [
                        {
                            "message_id": "",
                            "is_sent": False,
                            "drop_reason": {"code": code, "message": message},
                        }
                    ]
                }
            )
        self.sent.append(body)
        return web.json_response(
            {"data": [{"message_id": str(uuid.uuid4()), "is_sent": True, "drop_reason": None}]}
        )
