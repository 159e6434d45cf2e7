"""Outgoing chat: split to Twitch's 500 characters, queue per channel, respect the send rate.

Each channel has a FIFO queue and one worker. The worker waits for room in a sliding window
(``send_rate_limit`` messages per ``send_rate_window_seconds``), then sends with twitchio's
Helix Send Chat Message (``PartialUser.send_message``; twitchio refreshes the bot's token on a
401 and retries a 503 once). A 429 waits until Twitch's ``Ratelimit-Reset`` (at least the
backoff) and retries; network errors and 5xx retry with backoff up to ``send_max_attempts``; a
reply whose parent message is gone is sent unthreaded; a message Twitch would not post (AutoMod,
slow mode…) or a refused call is dropped with a log line. Each part is sent once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import SimpleNamespace

import aiohttp
import structlog
import twitchio

from bot.config import TwitchSettings
from bot.events import Reply
from bot.format import split
from bot.retry import backoff_delay

__all__ = ["MESSAGE_LIMIT", "RateLimitReset", "TwitchSender"]

log = structlog.get_logger("adapters.twitch.sender")

MESSAGE_LIMIT = 500


class RateLimitReset:
    """Twitch's ``Ratelimit-Reset`` from the last 429, read by an aiohttp trace hook on the
    session twitchio uses: twitchio 3.3.2's ``HTTPException`` carries no response headers."""

    def __init__(self) -> None:
        self.reset_at = 0.0

    def trace_config(self) -> aiohttp.TraceConfig:
        config = aiohttp.TraceConfig()
        config.on_request_end.append(self._on_request_end)
        return config

    async def _on_request_end(
        self,
        _session: aiohttp.ClientSession,
        _ctx: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        if params.response.status == 429:
            with contextlib.suppress(ValueError):
                self.reset_at = float(params.response.headers.get("Ratelimit-Reset") or 0)

    def wait(self) -> float:
        """Seconds until the reset (a Unix time); 0 when absent or past."""
        return max(0.0, self.reset_at - time.time())


@dataclass(frozen=True, slots=True)
class _Outgoing:
    channel: str
    text: str
    reply_to: str | None


class TwitchSender:
    """The Twitch :class:`bot.ports.ReplySender`: ``send`` queues and returns at once."""

    def __init__(
        self,
        settings: TwitchSettings,
        client: twitchio.Client,
        rate_limit: RateLimitReset,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._settings = settings
        self._client = client
        self._rate_limit = rate_limit
        self._clock = clock
        self._sleep = sleep
        self._queues: dict[str, asyncio.Queue[_Outgoing]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._sent_at: dict[str, deque[float]] = {}

    async def send(self, reply: Reply, /) -> None:
        text = reply.text
        if reply.mention and not reply.reply_to:
            text = f"@{reply.mention} {text}"
        queue = self._queue(reply.channel)
        for chunk in split(text, MESSAGE_LIMIT, flatten=True):
            queue.put_nowait(_Outgoing(reply.channel, chunk, reply.reply_to))

    async def drain(self) -> None:
        """Wait until every queued message has been sent or given up on."""
        for queue in list(self._queues.values()):
            await queue.join()

    async def close(self) -> None:
        for task in self._workers.values():
            task.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)
        self._workers.clear()

    def _queue(self, channel: str) -> asyncio.Queue[_Outgoing]:
        queue = self._queues.get(channel)
        if queue is None:
            queue = self._queues[channel] = asyncio.Queue()
            self._sent_at[channel] = deque()
        if channel not in self._workers or self._workers[channel].done():
            self._workers[channel] = asyncio.create_task(self._work(channel, queue))
        return queue

    async def _work(self, channel: str, queue: asyncio.Queue[_Outgoing]) -> None:
        while True:
            item = await queue.get()
            try:
                await self._deliver(item)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("twitch.reply_failed", channel=channel, error=type(exc).__name__)
            finally:
                queue.task_done()

    async def _wait_for_room(self, channel: str) -> None:
        window = self._settings.send_rate_window_seconds
        sent = self._sent_at[channel]
        while True:
            now = self._clock()
            while sent and now - sent[0] >= window:
                sent.popleft()
            if len(sent) < self._settings.send_rate_limit:
                sent.append(now)
                return
            await self._sleep(window - (now - sent[0]))

    async def _deliver(self, item: _Outgoing) -> None:
        bot = self._settings.bot_user_id
        channel = self._client.create_partialuser(item.channel)
        reply_to = item.reply_to
        attempts = self._settings.send_max_attempts
        for attempt in range(1, attempts + 1):
            await self._wait_for_room(item.channel)
            backoff = backoff_delay(attempt, self._settings.send_retry_seconds)
            try:
                sent = await channel.send_message(
                    item.text, bot, token_for=bot, reply_to_message_id=reply_to
                )
            except twitchio.MessageRejectedError as exc:
                log.warning(
                    "twitch.reply_dropped",
                    channel=item.channel,
                    drop_reason=exc.code,
                    drop_message=exc.message,
                    text=item.text,
                )
                return
            except twitchio.HTTPException as exc:  # str(exc) may quote a URL: log status only
                message = str(exc.extra.get("message", ""))
                if exc.status == 429:
                    retry_after = self._rate_limit.wait()
                    log.warning(
                        "twitch.reply_rate_limited",
                        channel=item.channel,
                        attempt=attempt,
                        retry_after=round(retry_after, 3),
                    )
                    await self._sleep(max(retry_after, backoff))
                    continue
                if exc.status == 400 and reply_to:
                    log.warning("twitch.reply_unthreaded", channel=item.channel, reply_to=reply_to)
                    reply_to = None
                    continue
                if exc.status < 500:
                    log.error(
                        "twitch.reply_refused",
                        channel=item.channel,
                        status=exc.status,
                        message=message,
                        text=item.text,
                    )
                    return
                log.warning(
                    "twitch.reply_retry", channel=item.channel, status=exc.status, attempt=attempt
                )
                await self._sleep(backoff)
                continue
            except (aiohttp.ClientError, TimeoutError) as exc:
                log.warning(
                    "twitch.reply_retry", channel=item.channel, error=repr(exc), attempt=attempt
                )
                await self._sleep(backoff)
                continue
            if not sent.sent:
                log.warning("twitch.reply_dropped", channel=item.channel, text=item.text)
            return
        log.error("twitch.reply_gave_up", channel=item.channel, attempts=attempts, text=item.text)
