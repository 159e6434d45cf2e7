"""One EventSub WebSocket session per token owner: connect, subscribe, read, reconnect.

Theory of operation:

* Connect to ``eventsub_ws_url?keepalive_timeout_seconds=N``; the first frame must be a
  welcome carrying the session id. Create every subscription for that session through Helix
  (Twitch closes an unused session after the keepalive window).
* Any frame proves the socket is alive. Silence longer than the welcome's keepalive plus
  ``keepalive_grace_seconds`` means it is dead: close it and start over.
* ``session_reconnect``: open the given URL while still reading the old socket, switch when
  the new welcome arrives, then drain what the old socket still holds. Subscriptions carry
  over, so nothing is re-created and nothing in flight is lost.
* Any other loss (close, network error, keepalive timeout, failed subscribe) reconnects to the
  base URL with exponential backoff and creates the subscriptions again.
* Notifications are handed to ``deliver`` (a non-blocking enqueue) in arrival order;
  processing happens elsewhere so a slow sink never stalls the keepalive watch.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import aiohttp
import structlog
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from adapters.twitch.helix import HelixClient, HelixError
from adapters.twitch.parse import (
    Keepalive,
    Notification,
    ParseError,
    Reconnect,
    Revocation,
    UnknownFrame,
    Welcome,
    WsFrame,
    parse_frame,
)
from bot.config import TwitchSettings

__all__ = ["EventSubClient", "SubscriptionSpec", "chat_subscriptions", "redemption_subscriptions"]

log = structlog.get_logger("adapters.twitch.client")

_DRAIN_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class SubscriptionSpec:
    type: str
    condition: Mapping[str, str] = field(default_factory=dict)
    version: str = "1"


def chat_subscriptions(channels: Sequence[str], bot_user_id: str) -> list[SubscriptionSpec]:
    """What the bot token subscribes to for each channel (no broadcaster scope needed)."""
    specs: list[SubscriptionSpec] = []
    for channel in channels:
        as_bot = {"broadcaster_user_id": channel, "user_id": bot_user_id}
        specs += [
            SubscriptionSpec("channel.chat.message", as_bot),
            SubscriptionSpec("channel.chat.notification", as_bot),
            SubscriptionSpec("stream.online", {"broadcaster_user_id": channel}),
            SubscriptionSpec("stream.offline", {"broadcaster_user_id": channel}),
        ]
    return specs


def redemption_subscriptions(broadcaster_id: str) -> list[SubscriptionSpec]:
    return [
        SubscriptionSpec(
            "channel.channel_points_custom_reward_redemption.add",
            {"broadcaster_user_id": broadcaster_id},
        )
    ]


class _Lost(Exception):
    """The session is gone; reconnect from scratch."""


class EventSubClient:
    def __init__(
        self,
        settings: TwitchSettings,
        helix: HelixClient,
        *,
        account: str,
        subscriptions: Sequence[SubscriptionSpec],
        deliver: Callable[[Notification], None],
    ) -> None:
        self._settings = settings
        self._helix = helix
        self._account = account
        self._subscriptions = tuple(subscriptions)
        self._deliver = deliver
        self.connected = asyncio.Event()
        self.sessions_opened = 0
        self._ws: ClientConnection | None = None

    def _base_url(self) -> str:
        url = self._settings.eventsub_ws_url
        sep = "&" if "?" in url else "?"
        return f"{url}{sep}keepalive_timeout_seconds={self._settings.keepalive_timeout_seconds}"

    def _backoff(self, failures: int) -> float:
        s = self._settings
        delay = min(
            s.reconnect_backoff_max_seconds, s.reconnect_backoff_seconds * 2 ** (failures - 1)
        )
        return delay * random.uniform(0.8, 1.0)

    async def run(self) -> None:
        """Keep a subscribed session open until cancelled."""
        failures = 0
        while True:
            try:
                self._ws, welcome = await self._open(self._base_url())
                await self._subscribe(welcome.session_id)
                self.connected.set()
                failures = 0
                log.info(
                    "twitch.eventsub_connected",
                    account=self._account,
                    session_id=welcome.session_id,
                )
                await self._serve(self._ws, welcome)
            except (
                _Lost,
                OSError,
                TimeoutError,
                WebSocketException,
                ParseError,
                HelixError,
                aiohttp.ClientError,
            ) as exc:
                log.warning("twitch.eventsub_lost", account=self._account, error=repr(exc))
            finally:
                self.connected.clear()
                if self._ws is not None:
                    await self._ws.close()
                    self._ws = None
            failures += 1
            await asyncio.sleep(self._backoff(failures))

    async def _open(self, url: str) -> tuple[ClientConnection, Welcome]:
        timeout = self._settings.http_timeout_seconds
        ws = await connect(url, open_timeout=timeout, ping_interval=None, close_timeout=1)
        try:
            frame = parse_frame(await asyncio.wait_for(ws.recv(), timeout))
            if not isinstance(frame, Welcome):
                raise _Lost(f"expected session_welcome, got {frame!r}")
        except BaseException:
            await ws.close()
            raise
        self.sessions_opened += 1
        return ws, frame

    async def _subscribe(self, session_id: str) -> None:
        for spec in self._subscriptions:
            await self._helix.create_subscription(
                self._account, spec.type, spec.version, spec.condition, session_id
            )

    def _timeout(self, welcome: Welcome) -> float:
        return welcome.keepalive_timeout_seconds + self._settings.keepalive_grace_seconds

    async def _serve(self, ws: ClientConnection, welcome: Welcome) -> None:
        while True:
            try:
                raw = await asyncio.wait_for(ws.recv(), self._timeout(welcome))
            except TimeoutError as exc:
                raise _Lost("keepalive timeout") from exc
            frame = parse_frame(raw)
            if isinstance(frame, Reconnect):
                ws, welcome = await self._switch(ws, welcome, frame.reconnect_url)
                self._ws = ws
            else:
                self._handle(frame)

    def _handle(self, frame: WsFrame) -> None:
        match frame:
            case Notification():
                self._deliver(frame)
            case Revocation():
                log.error(
                    "twitch.subscription_revoked",
                    account=self._account,
                    type=frame.subscription_type,
                    status=frame.status,
                    condition=dict(frame.condition),
                )
            case UnknownFrame():
                log.debug(
                    "twitch.eventsub_unknown_frame",
                    account=self._account,
                    message_type=frame.message_type,
                )
            case Keepalive() | Welcome() | Reconnect():
                pass

    async def _switch(
        self, old: ClientConnection, welcome: Welcome, url: str
    ) -> tuple[ClientConnection, Welcome]:
        """Move to ``url`` without dropping what the old socket still delivers."""
        log.info("twitch.eventsub_reconnect", account=self._account)
        opening = asyncio.create_task(self._open(url))
        old_open = True
        try:
            while not opening.done() and old_open:
                reading = asyncio.create_task(old.recv())
                done, _ = await asyncio.wait(
                    {reading, opening},
                    timeout=self._timeout(welcome),
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if reading in done:
                    try:
                        self._handle(parse_frame(reading.result()))
                    except WebSocketException:
                        old_open = False
                else:
                    reading.cancel()
                    if not done:
                        raise _Lost("no welcome from reconnect_url")
            new = await opening
        except BaseException:
            opening.cancel()
            raise
        while old_open:
            try:
                self._handle(parse_frame(await asyncio.wait_for(old.recv(), _DRAIN_SECONDS)))
            except (TimeoutError, WebSocketException):
                old_open = False
        await old.close()
        return new
