"""The Twitch adapter: twitchio in, events to the sink, replies out through twitchio's Helix.

Built by the composition root from ``settings.twitch``, an :class:`~bot.ports.EventSink` and
a :class:`~bot.ports.TokenStore`. ``start`` points twitchio at the configured endpoints, loads
the stored tokens into twitchio through its ``login`` (failing clearly when the bot's token is missing or revoked),
opens the bot's EventSub session (chat, chat notices, stream status for every channel) and one
session per broadcaster whose token may read redemptions. Notifications go to the sink one at
a time, in arrival order, from one queue that outlives reconnects; a sink failure ("not
recorded") is retried with backoff, since EventSub WebSocket never redelivers. Duplicates
(Twitch delivers at least once) keep their id and the pipeline drops them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import aiohttp
import structlog
import twitchio

from adapters.twitch.auth import TwitchAuthError
from adapters.twitch.parse import parse_notification, read_notification
from adapters.twitch.sender import RateLimitReset, TwitchSender
from adapters.twitch.transport import (
    TwitchClient,
    chat_subscriptions,
    point_twitchio_at,
    redemption_subscriptions,
)
from bot.config import TwitchSettings
from bot.events import Event, Platform, Reply
from bot.ports import EventSink, TokenStore
from bot.retry import retrying

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
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._settings = settings
        self._sink = sink
        self._store = token_store
        self._clock = clock
        self._inbox: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue()
        self._session: aiohttp.ClientSession | None = None
        self._worker: asyncio.Task[None] | None = None
        self._sender: TwitchSender | None = None
        self.client: TwitchClient | None = None

    async def start(self) -> None:
        """Load tokens and start receiving; raises :class:`TwitchAuthError` if unusable."""
        s = self._settings
        if not s.bot_user_id or not s.client_id:
            raise TwitchAuthError(
                s.bot_user_id, "TWITCH__CLIENT_ID and TWITCH__BOT_USER_ID must be set"
            )
        point_twitchio_at(s)
        rate_limit = RateLimitReset()
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=s.http_timeout_seconds),
            trace_configs=[rate_limit.trace_config()],
        )
        client = self.client = TwitchClient(
            s, self._store, deliver=self._inbox.put_nowait, session=self._session, clock=self._clock
        )
        try:
            await self._login(client)
            if s.bot_user_id not in client.tokens:
                raise TwitchAuthError(s.bot_user_id, "no usable token stored for the bot account")
            self._sender = TwitchSender(s, client, rate_limit)
            self._worker = asyncio.create_task(self._work())
            await client.open_session(s.bot_user_id, chat_subscriptions(s.channels, s.bot_user_id))
            for broadcaster in client.redemption_accounts(s.channels):
                await client.open_session(broadcaster, redemption_subscriptions(broadcaster))
        except BaseException as exc:
            if isinstance(exc, TwitchAuthError):
                log.error("twitch.auth_failed", account=exc.account, reason=exc.reason)
            await self.stop()
            if isinstance(exc, twitchio.WebsocketConnectionException | twitchio.HTTPException):
                # an OSError for the runner; twitchio's text may quote a URL with a token
                raise ConnectionError(f"Twitch unreachable ({type(exc).__name__})") from None
            raise
        log.info("twitch.started", channels=list(s.channels), sessions=len(client.sockets()))

    async def _login(self, client: TwitchClient) -> None:
        """twitchio's login: an app token (client credentials), then our ``load_tokens`` hook.

        Without a client secret (a public client, device code only) there is no app token; as
        in twitchio's own device-code mode, the bot's user token stands in for it.
        """
        s = self._settings
        token: str | None = None
        if not s.client_secret.get_secret_value():
            stored = await self._store.load(Platform.TWITCH, s.bot_user_id)
            if stored is None:
                raise TwitchAuthError(s.bot_user_id, "no token stored for the bot account")
            token = stored.access_token
        try:
            await client.login(token=token, load_tokens=True, save_tokens=True)
        except twitchio.HTTPException as exc:
            if exc.status >= 500:
                raise
            raise TwitchAuthError(
                self._settings.bot_user_id,
                f"Twitch refused TWITCH__CLIENT_ID/TWITCH__CLIENT_SECRET (HTTP {exc.status})",
            ) from None

    async def stop(self) -> None:
        """Stop receiving, finish the queued events and replies (bounded), close everything."""
        if self.client is not None:
            await self.client.close_sockets()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._settings.http_timeout_seconds):
                await self.drain()
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None
        if self._sender is not None:
            await self._sender.close()
            self._sender = None
        if self.client is not None:
            await self.client.close()  # saves tokens through the store hook
            self.client = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        log.info("twitch.stopped")

    async def wait_ready(self) -> None:
        """Until every EventSub session has its welcome (``start`` returns with them ready)."""
        if self.client is not None:
            await asyncio.gather(*(s.wait_welcomed() for s in self.client.sockets()))

    async def send(self, reply: Reply, /) -> None:
        if self._sender is None:
            raise RuntimeError("TwitchAdapter.send before start")
        await self._sender.send(reply)

    async def broadcast(self, text: str, /) -> None:
        """Say ``text`` in every configured channel (a ``bot.ports.ChatBroadcaster``)."""
        for channel in self._settings.channels:
            await self.send(Reply(platform=Platform.TWITCH, channel=channel, text=text))

    async def drain(self) -> None:
        """Wait until received events are processed and their replies sent (tests, shutdown)."""
        if self._worker is not None:
            await self._inbox.join()
        if self._sender is not None:
            await self._sender.drain()

    async def _work(self) -> None:
        while True:
            envelope = await self._inbox.get()
            try:
                await self._process(envelope)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("twitch.event_failed")
            finally:
                self._inbox.task_done()

    async def _process(self, envelope: Mapping[str, Any]) -> None:
        try:
            notification = read_notification(envelope)
            events = parse_notification(
                notification.payload,
                message_id=notification.message_id,
                bot_user_id=self._settings.bot_user_id,
                received_at=self._clock(),
            )
        except (KeyError, TypeError, ValueError):
            metadata = envelope.get("metadata") or {}
            log.exception(
                "twitch.unparseable",
                event_id=metadata.get("message_id"),
                type=metadata.get("subscription_type"),
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
        def failed(attempt: int, exc: BaseException) -> None:
            log.error("twitch.sink_failed", attempt=attempt, exc_info=exc)

        try:
            async for attempt in retrying(
                (Exception,), attempts=self._settings.sink_max_attempts,
                wait=self._settings.sink_retry_seconds, on_failure=failed,
            ):
                with attempt:
                    return await self._sink(event)
        except Exception:
            pass  # logged above, attempt by attempt
        log.error("twitch.event_lost", kind=type(event).__name__)
        return ()
