"""twitchio 3 as the Twitch transport: EventSub WebSocket sessions, managed tokens, Helix.

twitchio does the protocol: connecting and reading the welcome, creating subscriptions through
Helix, reconnecting after a loss (new session, subscriptions created again, backoff), following
``session_reconnect`` (subscriptions carry over), revocations, validating every token about
hourly and refreshing it (also after a 401), and every Helix call. Kingpin never uses its
command framework: notifications go, as raw envelopes, to the adapter's queue and ``parse.py``.

Three :class:`EventSubSocket` overrides remain ours, each because twitchio 3.3.2 does something
else (docs/twitch.md, "What twitchio does and what stays ours"):

* ``_process_notification`` hands over the raw envelope instead of building twitchio's models,
  which raise ``KeyError`` on a field Twitch left out and then drop the event;
* ``_reconnect`` keeps reading the old socket while the new one opens, then drains it; twitchio
  closes it unread and loses what Twitch sent there meanwhile;
* ``_process_keepalive`` uses our keepalive and grace (twitchio: at least 10 s, +5 s, checked
  every 10 s), so a dead socket is noticed in the configured time.

Tokens stay in ``platform_tokens`` (``TokenStore``): :class:`TwitchClient` implements twitchio's
``load_tokens``/``save_tokens`` hooks on it and saves every ``event_token_refreshed``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import aiohttp
import structlog
import twitchio
from twitchio.backoff import Backoff
from twitchio.eventsub import (
    ChannelPointsRedeemAddSubscription,
    ChatMessageSubscription,
    ChatNotificationSubscription,
    StreamOfflineSubscription,
    StreamOnlineSubscription,
    SubscriptionPayload,
)
from twitchio.eventsub import websockets as eventsub_websockets
from twitchio.eventsub.websockets import Websocket
from twitchio.http import Route

from bot.config import TwitchSettings
from bot.events import Platform
from bot.ports import OAuthToken, TokenStore
from bot.retry import retrying

__all__ = [
    "REDEMPTION_SCOPE",
    "EventSubSocket",
    "TwitchClient",
    "chat_subscriptions",
    "in_order",
    "point_twitchio_at",
    "redemption_subscriptions",
]

log = structlog.get_logger("adapters.twitch.transport")

REDEMPTION_SCOPE = "channel:read:redemptions"
_DRAIN_SECONDS = 0.05

Deliver = Callable[[Mapping[str, Any]], None]


class _NoStarletteHint(logging.Filter):
    """twitchio 3.3.2 warns on every ``Client()`` that Starlette is not installed; Kingpin never
    runs twitchio's web adapter, so that one line would only confuse a streamer."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "StarletteAdapter" not in str(record.msg)


logging.getLogger("twitchio.client").addFilter(_NoStarletteHint())


def point_twitchio_at(settings: TwitchSettings) -> None:
    """The one place twitchio's endpoints are set; it reads these module constants per call."""
    eventsub_websockets.WSS = settings.eventsub_ws_url.rstrip("/")
    Route.BASE = settings.helix_url.rstrip("/") + "/"
    Route.ID_BASE = settings.oauth_url.rstrip("/") + "/"


def in_order(scopes: Iterable[str], like: Sequence[str]) -> tuple[str, ...]:
    """``scopes`` in ``like``'s order, others after (twitchio's ``Scopes`` is an unordered set)."""
    given = set(scopes)
    return tuple(s for s in like if s in given) + tuple(sorted(given - set(like)))


def chat_subscriptions(channels: Sequence[str], bot_user_id: str) -> list[SubscriptionPayload]:
    """What the bot's token subscribes to per channel: chat (cheers ride on it), chat notices
    (subs, resubs, gifts, raids) and stream status; no broadcaster scope needed."""
    payloads: list[SubscriptionPayload] = []
    for channel in channels:
        payloads += [
            ChatMessageSubscription(broadcaster_user_id=channel, user_id=bot_user_id),
            ChatNotificationSubscription(broadcaster_user_id=channel, user_id=bot_user_id),
            StreamOnlineSubscription(broadcaster_user_id=channel),
            StreamOfflineSubscription(broadcaster_user_id=channel),
        ]
    return payloads


def redemption_subscriptions(broadcaster_id: str) -> list[SubscriptionPayload]:
    """What a broadcaster's token subscribes to: channel-point redemptions."""
    return [ChannelPointsRedeemAddSubscription(broadcaster_user_id=broadcaster_id)]


class EventSubSocket(Websocket):
    """twitchio's EventSub WebSocket with the three overrides named in the module docstring."""

    def __init__(
        self,
        *,
        settings: TwitchSettings,
        deliver: Deliver,
        client: twitchio.Client,
        token_for: str,
        http: Any,
    ) -> None:
        super().__init__(
            keep_alive_timeout=settings.keepalive_timeout_seconds,
            client=client,
            token_for=token_for,
            http=http,
        )
        # twitchio clamps to Twitch's 10..600; our settings validate the range, tests go lower.
        self._keep_alive_timeout = settings.keepalive_timeout_seconds
        self._backoff = Backoff(
            base=settings.reconnect_backoff_seconds,  # type: ignore[arg-type]
            maximum_time=settings.reconnect_backoff_max_seconds,
        )
        self._settings = settings
        self._deliver = deliver

    async def wait_welcomed(self) -> None:
        await self._ready.wait()

    async def _process_notification(self, data: Any) -> None:
        self._deliver(data)

    async def _process_keepalive(self) -> None:
        limit = self._keep_alive_timeout + self._settings.keepalive_grace_seconds
        while True:
            await asyncio.sleep(limit / 4)
            last = self._last_keepalive
            if last is not None and (dt.datetime.now() - last).total_seconds() > limit:
                log.warning(
                    "twitch.eventsub_lost", account=self._token_for, error="keepalive timeout"
                )
                await self._create_connection_task()
                return

    async def _reconnect(self, url: str) -> None:
        log.info("twitch.eventsub_reconnect", account=self._token_for)
        new = EventSubSocket(
            settings=self._settings,
            deliver=self._deliver,
            client=self._client,  # type: ignore[arg-type]
            token_for=self._token_for or "",
            http=self._http,
        )
        new._subscriptions = self._subscriptions  # they carry over on Twitch's side
        opening = asyncio.create_task(new.connect(url=url, fail_once=True))
        await self._read_old_until(opening)
        if opening.exception() is not None or not new.session_id:
            log.warning("twitch.eventsub_lost", account=self._token_for, error="reconnect failed")
            await self._create_connection_task()  # fresh session, subscriptions created again
            return
        if self._client is not None:
            self._client._websockets[self._token_for or ""][new.session_id] = new
        await self.close()

    async def _read_old_until(self, opening: asyncio.Task[None]) -> None:
        """Handle what the old socket delivers while ``opening`` runs, then what it still holds."""
        socket = self._socket
        pending: asyncio.Future[aiohttp.WSMessage] | None = None
        try:
            while socket is not None and not socket.closed:
                pending = pending or asyncio.ensure_future(socket.receive())
                waits: set[asyncio.Future[Any]] = (
                    {pending} if opening.done() else {pending, opening}
                )
                done, _ = await asyncio.wait(
                    waits,
                    timeout=_DRAIN_SECONDS if opening.done() else None,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if pending in done:
                    message, pending = pending.result(), None
                    if message.type is not aiohttp.WSMsgType.TEXT:
                        break
                    self._last_keepalive = dt.datetime.now()  # as twitchio's reader does
                    await self._handle_old(message.data)
                elif not done:
                    break  # nothing more on the old socket
        except asyncio.CancelledError:
            opening.cancel()
            raise
        finally:
            if pending is not None:
                pending.cancel()
        await asyncio.wait({opening})

    async def _handle_old(self, raw: str) -> None:
        try:
            data = json.loads(raw)
            kind = data["metadata"]["message_type"]
        except (ValueError, KeyError, TypeError):
            return
        if kind == "notification":
            await self._process_notification(data)
        elif kind == "revocation":
            await self._process_revocation(data)

    async def close(self, cleanup: bool = True, *, reassociate: bool = True) -> None:
        if cleanup:  # a final close also stops a reconnect loop still retrying
            for task in list(self._connection_tasks):
                if task is not asyncio.current_task():
                    task.cancel()
        await super().close(cleanup, reassociate=reassociate)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TwitchClient(twitchio.Client):
    """``twitchio.Client`` as transport only: sessions, tokens over our store, Helix."""

    def __init__(
        self,
        settings: TwitchSettings,
        store: TokenStore,
        *,
        deliver: Deliver,
        session: aiohttp.ClientSession,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        super().__init__(
            client_id=settings.client_id,
            client_secret=settings.client_secret.get_secret_value() or None,
            bot_id=settings.bot_user_id,
            session=session,
            fetch_client_user=False,
        )
        self._settings = settings
        self._store = store
        self._deliver = deliver
        self._clock = clock
        self.stored: dict[str, OAuthToken] = {}
        self.scopes: dict[str, tuple[str, ...]] = {}

    # -- twitchio's token storage hooks, over platform_tokens -------------------------------

    async def load_tokens(self, path: str | None = None, /) -> None:
        """Add every stored Twitch token (twitchio validates it, refreshing if it must)."""
        for token in await self._store.load_all(Platform.TWITCH):
            self.stored[token.account] = token
            try:
                info = await self.add_token(token.access_token, token.refresh_token)
            except twitchio.HTTPException as exc:  # its message quotes the token: never log it
                if exc.status >= 500:
                    raise
                log.error("twitch.token_revoked", account=token.account, status=exc.status)
                continue
            self.scopes[info.user_id or token.account] = tuple(info.scopes)

    async def save_tokens(self, path: str | None = None, /) -> None:
        """twitchio calls this on close; refreshed tokens were already saved as they came."""
        for account, data in self.tokens.items():
            await self._persist(account, data["token"], data["refresh"])

    async def event_token_refreshed(self, payload: twitchio.TokenRefreshedPayload) -> None:
        known = self.stored.get(payload.user_id)
        scopes = in_order(payload.scopes, known.scopes if known else ())
        if scopes:
            self.scopes[payload.user_id] = scopes
        await self._persist(
            payload.user_id, payload.token, payload.refresh_token, scopes, payload.expires_in
        )
        log.info("twitch.token_refreshed", account=payload.user_id)

    async def _persist(
        self,
        account: str,
        access: str,
        refresh: str,
        scopes: tuple[str, ...] = (),
        expires_in: int | None = None,
    ) -> None:
        known = self.stored.get(account)
        if known is not None and known.access_token == access:
            return
        token = OAuthToken(
            platform=Platform.TWITCH,
            account=account,
            access_token=access,
            refresh_token=refresh or (known.refresh_token if known else ""),
            scopes=scopes or (known.scopes if known else ()),
            expires_at=self._clock() + dt.timedelta(seconds=expires_in) if expires_in else None,
        )
        await self._store.save(token)
        self.stored[account] = token

    def redemption_accounts(self, channels: Sequence[str]) -> list[str]:
        """Served broadcasters whose (valid) token may read channel-point redemptions."""
        return [
            c for c in channels if c in self.tokens and REDEMPTION_SCOPE in self.scopes.get(c, ())
        ]

    # -- EventSub ----------------------------------------------------------------------------

    async def open_session(
        self, account: str, payloads: Sequence[SubscriptionPayload]
    ) -> EventSubSocket:
        """Connect one EventSub session for ``account``'s token and subscribe it."""
        socket = EventSubSocket(
            settings=self._settings,
            deliver=self._deliver,
            client=self,
            token_for=account,
            http=self.http,
        )
        await socket.connect(fail_once=True)
        session_id = socket.session_id or ""
        self._websockets[account] = {session_id: socket}
        for payload in payloads:
            await self._subscribe(payload, account, session_id)
        log.info("twitch.eventsub_connected", account=account, session_id=session_id)
        return socket

    async def _subscribe(self, payload: SubscriptionPayload, account: str, session_id: str) -> None:
        try:
            # 5xx and 429 are transient: three tries, waiting base × attempt between them.
            async for attempt in retrying(
                _transient, attempts=3, wait=self._settings.reconnect_backoff_seconds, growth="linear"
            ):
                with attempt:
                    await self.subscribe_websocket(
                        payload, as_bot=False, token_for=account, socket_id=session_id
                    )
        except twitchio.HTTPException as exc:
            log.error(
                "twitch.subscribe_refused",
                type=payload.type,
                condition=dict(payload.condition),
                status=exc.status,
                message=str(exc.extra.get("message", "")),
            )

    def sockets(self) -> list[EventSubSocket]:
        return [
            s
            for per in self._websockets.values()
            for s in per.values()
            if isinstance(s, EventSubSocket)
        ]

    async def close_sockets(self) -> None:
        for socket in self.sockets():
            await socket.close()

    async def event_subscription_revoked(self, payload: Any) -> None:
        raw = payload.raw
        log.error(
            "twitch.subscription_revoked",
            type=raw.get("type"),
            status=raw.get("status"),
            condition=dict(raw.get("condition") or {}),
        )

    async def event_error(self, payload: Any) -> None:
        log.error(
            "twitch.listener_failed",
            listener=getattr(payload.listener, "__qualname__", "?"),
            exc_info=payload.error,
        )


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, twitchio.HTTPException) and (exc.status >= 500 or exc.status == 429)
