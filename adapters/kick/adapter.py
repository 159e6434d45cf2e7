"""The Kick adapter: what the composition root constructs, starts, stops and routes to.

One mode runs for all configured channels (``KICK__MODE``):

* ``webhook`` (default, official): :meth:`KickAdapter.add_routes` puts the receiver on the
  bot's aiohttp app; :meth:`start` reconciles the event subscriptions of every configured
  channel with an app token (Kick drops subscriptions after a day of failed deliveries), then
  again every ``reconcile_interval_seconds``.
* ``pusher``: :meth:`start` runs the chat socket; no route is added, no subscription is made.

Either way replies go out through ``POST /public/v1/chat`` with the bot account's token.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import aiohttp
import structlog
from aiohttp import web

from adapters.kick.client import BotToken, KickApi, KickApiError
from adapters.kick.parse import SUBSCRIBED_EVENTS
from adapters.kick.pusher import PusherChat
from adapters.kick.send import ChatSender
from adapters.kick.webhook import SignatureVerifier, WebhookReceiver
from bot.config import KickMode, KickSettings, Settings
from bot.events import Platform, Reply
from bot.ports import EventSink, TokenStore

__all__ = ["KickAdapter"]

log = structlog.get_logger("adapters.kick")


class KickAdapter:
    """Kick in and out. Also a ``bot.ports.ReplySender`` (``send``) for the outbox and jobs."""

    platform = Platform.KICK

    def __init__(
        self,
        settings: Settings | KickSettings,
        sink: EventSink,
        token_store: TokenStore,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ) -> None:
        self._settings = settings.kick if isinstance(settings, Settings) else settings
        self._sink = sink
        self._tokens = token_store
        self._clock = clock
        self._rng = rng
        pem = self._settings.public_key_pem.strip()
        # A configured key is checked now (fail at start-up, not on the first webhook).
        self._verifier: SignatureVerifier | None = SignatureVerifier(pem) if pem else None
        self._session: aiohttp.ClientSession | None = None
        self._api: KickApi | None = None
        self._sender: ChatSender | None = None
        self._pusher: PusherChat | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._receiver = WebhookReceiver(
            sink=sink,
            replies=self,
            verifier=lambda: self._verifier if self._api is not None else None,
            channels=self._settings.channels,
            bot_user_id=self._settings.bot_user_id,
            max_clock_skew_seconds=self._settings.max_clock_skew_seconds,
            clock=clock,
        )

    @property
    def mode(self) -> KickMode:
        return self._settings.mode

    @property
    def pusher(self) -> PusherChat | None:
        return self._pusher

    def add_routes(self, app: web.Application) -> None:
        """Add ``POST {webhook_path}`` to the bot's web app (webhook mode; before it starts)."""
        if self.mode is not KickMode.WEBHOOK:
            return
        app.router.add_post(self._settings.webhook_path, self._receiver.handle)

    async def start(self) -> None:
        settings = self._settings
        self._session = aiohttp.ClientSession()
        api = KickApi(settings, self._session, clock=self._clock)
        token = BotToken(api, self._tokens, settings.bot_user_id, clock=self._clock)
        self._sender = ChatSender(api, token, settings)
        if self.mode is KickMode.PUSHER:
            self._api = api
            self._pusher = PusherChat(
                settings, sink=self._sink, replies=self, clock=self._clock, rng=self._rng
            )
            self._tasks.append(asyncio.create_task(self._pusher.run(), name="kick-pusher"))
            return
        if self._verifier is None:
            self._verifier = SignatureVerifier(await api.public_key_pem())
            log.info("kick.public_key.fetched")
        self._api = api
        try:
            await self.reconcile_subscriptions()
        except KickApiError as exc:
            log.error("kick.subscriptions.failed", status=exc.status, error=exc.message)
        if settings.reconcile_interval_seconds > 0:
            self._tasks.append(asyncio.create_task(self._reconcile_loop(), name="kick-reconcile"))

    async def stop(self) -> None:
        if self._pusher is not None:
            await self._pusher.stop()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self._sender is not None:
            await self._sender.close()
        self._api = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, reply: Reply, /) -> None:
        if self._sender is None:
            log.error("kick.send.not_started", channel=reply.channel)
            return
        await self._sender.send(reply)

    async def broadcast(self, text: str, /) -> None:
        """Say ``text`` in every configured channel (a ``bot.ports.ChatBroadcaster``)."""
        for channel in self._settings.channels:
            await self.send(Reply(platform=Platform.KICK, channel=channel, text=text))

    async def drain(self) -> None:
        """Wait until queued replies are sent or given up on (tests, graceful shutdown)."""
        if self._sender is not None:
            await self._sender.drain()

    async def reconcile_subscriptions(self) -> Mapping[str, Sequence[str]]:
        """Create the missing event subscriptions; returns what was created, per channel."""
        if self._api is None:
            raise RuntimeError("start() the adapter first")
        token = await self._api.app_token()
        existing = await self._api.list_subscriptions(token)
        have: dict[str, set[str]] = {}
        for sub in existing:
            if sub.get("method", "webhook") != "webhook" or str(sub.get("version", 1)) != "1":
                continue
            have.setdefault(str(sub.get("broadcaster_user_id")), set()).add(str(sub.get("event")))
        created: dict[str, Sequence[str]] = {}
        for channel in self._settings.channels:
            missing = [name for name in SUBSCRIBED_EVENTS if name not in have.get(channel, set())]
            if not missing:
                continue
            results = await self._api.create_subscriptions(token, channel, missing)
            for item in results:
                if item.get("error"):
                    log.error(
                        "kick.subscription.refused",
                        channel=channel,
                        kick_event=item.get("name"),
                        error=item.get("error"),
                    )
            created[channel] = missing
            log.info("kick.subscriptions.created", channel=channel, events=missing)
        return created

    async def _reconcile_loop(self) -> None:
        while True:
            await asyncio.sleep(self._settings.reconcile_interval_seconds)
            try:
                await self.reconcile_subscriptions()
            except KickApiError as exc:
                log.error("kick.subscriptions.failed", status=exc.status, error=exc.message)
