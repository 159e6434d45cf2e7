"""The Twitch adapter: EventSub in, events to the sink, replies out through Helix.

Built by the composition root from ``settings.twitch``, an :class:`~bot.ports.EventSink` and
a :class:`~bot.ports.TokenStore`. ``start`` loads and validates tokens (failing clearly when
the bot's token is missing or revoked), opens the bot's EventSub session (chat, chat notices,
stream status for every channel) and one session per broadcaster whose stored token may read
redemptions. Events go to the sink one at a time, in arrival order, from one queue that
outlives reconnects; a sink failure ("not recorded") is retried with backoff, since EventSub
WebSocket never redelivers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import aiohttp
import structlog

from adapters.twitch.auth import OAuthClient, TokenManager, TwitchAuthError
from adapters.twitch.client import EventSubClient, chat_subscriptions, redemption_subscriptions
from adapters.twitch.helix import HelixClient
from adapters.twitch.parse import Notification, parse_notification
from adapters.twitch.sender import TwitchSender
from bot.config import TwitchSettings
from bot.events import Event, Platform, Reply
from bot.ports import EventSink, TokenStore

__all__ = ["TwitchAdapter"]

log = structlog.get_logger("adapters.twitch")


def _utcnow() -> datetime:
    return datetime.now(UTC)


class TwitchAdapter:
    """Also the Twitch :class:`~bot.ports.ReplySender` (``send``)."""

    platform = Platform.TWITCH

    def __init__(
        self,
        settings: TwitchSettings,
        *,
        sink: EventSink,
        token_store: TokenStore,
        session: aiohttp.ClientSession | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._settings = settings
        self._sink = sink
        self._store = token_store
        self._given_session = session
        self._session: aiohttp.ClientSession | None = None
        self._clock = clock
        self._inbox: asyncio.Queue[Notification] = asyncio.Queue()
        self._clients: list[EventSubClient] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._sender: TwitchSender | None = None

    @property
    def clients(self) -> Sequence[EventSubClient]:
        return tuple(self._clients)

    async def start(self) -> None:
        """Validate tokens and start receiving; raises :class:`TwitchAuthError` if unusable."""
        s = self._settings
        if not s.bot_user_id or not s.client_id:
            raise TwitchAuthError(
                s.bot_user_id, "TWITCH__CLIENT_ID and TWITCH__BOT_USER_ID must be set"
            )
        self._session = self._given_session or aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=s.http_timeout_seconds)
        )
        tokens = TokenManager(s, self._store, OAuthClient(s, self._session), clock=self._clock)
        try:
            await tokens.load()
        except TwitchAuthError as exc:
            log.error("twitch.auth_failed", account=exc.account, reason=exc.reason)
            await self._close_session()
            raise
        helix = HelixClient(s, self._session, tokens)
        self._sender = TwitchSender(s, helix)
        self._clients = [
            EventSubClient(
                s,
                helix,
                account=s.bot_user_id,
                subscriptions=chat_subscriptions(s.channels, s.bot_user_id),
                deliver=self._inbox.put_nowait,
            )
        ]
        for broadcaster in tokens.redemption_accounts(s.channels):
            self._clients.append(
                EventSubClient(
                    s,
                    helix,
                    account=broadcaster,
                    subscriptions=redemption_subscriptions(broadcaster),
                    deliver=self._inbox.put_nowait,
                )
            )
        self._tasks = [asyncio.create_task(c.run()) for c in self._clients]
        self._tasks += [
            asyncio.create_task(self._work()),
            asyncio.create_task(tokens.run_validation()),
        ]
        log.info("twitch.started", channels=list(s.channels), sessions=len(self._clients))

    async def wait_ready(self) -> None:
        """Until every EventSub session is connected and subscribed."""
        await asyncio.gather(*(c.connected.wait() for c in self._clients))

    async def stop(self) -> None:
        """Stop receiving, finish the queued events and replies (bounded), close everything."""
        receivers, others = self._tasks[: len(self._clients)], self._tasks[len(self._clients) :]
        for task in receivers:
            task.cancel()
        await asyncio.gather(*receivers, return_exceptions=True)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._settings.http_timeout_seconds):
                await self._inbox.join()
                if self._sender is not None:
                    await self._sender.drain()
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        if self._sender is not None:
            await self._sender.close()
        self._tasks = []
        await self._close_session()
        log.info("twitch.stopped")

    async def send(self, reply: Reply, /) -> None:
        if self._sender is None:
            raise RuntimeError("TwitchAdapter.send before start")
        await self._sender.send(reply)

    async def broadcast(self, text: str, /) -> None:
        """Say ``text`` in every configured channel (a ``bot.ports.ChatBroadcaster``)."""
        for channel in self._settings.channels:
            await self.send(Reply(Platform.TWITCH, channel, text))

    async def drain(self) -> None:
        """Wait until received events are processed and their replies sent (tests, shutdown)."""
        await self._inbox.join()
        if self._sender is not None:
            await self._sender.drain()

    async def _close_session(self) -> None:
        if self._session is not None and self._given_session is None:
            await self._session.close()
        self._session = None

    async def _work(self) -> None:
        while True:
            notification = await self._inbox.get()
            try:
                await self._process(notification)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("twitch.event_failed", event_id=notification.message_id)
            finally:
                self._inbox.task_done()

    async def _process(self, notification: Notification) -> None:
        try:
            events = parse_notification(
                notification.payload,
                message_id=notification.message_id,
                bot_user_id=self._settings.bot_user_id,
                received_at=self._clock(),
            )
        except (KeyError, TypeError, ValueError):
            log.exception(
                "twitch.unparseable",
                event_id=notification.message_id,
                type=notification.subscription_type,
            )
            return
        for event in events:
            with structlog.contextvars.bound_contextvars(
                platform="twitch", channel=event.channel, event_id=event.event_id
            ):
                for reply in await self._record(event):
                    if reply.platform is Platform.TWITCH:
                        await self.send(reply)
                    else:
                        log.warning("twitch.reply_for_other_platform", platform=reply.platform)

    async def _record(self, event: Event) -> Sequence[Reply]:
        attempts = self._settings.sink_max_attempts
        for attempt in range(1, attempts + 1):
            try:
                return await self._sink(event)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("twitch.sink_failed", attempt=attempt)
                if attempt < attempts:
                    await asyncio.sleep(self._settings.sink_retry_seconds * 2 ** (attempt - 1))
        log.error("twitch.event_lost", kind=type(event).__name__)
        return ()
