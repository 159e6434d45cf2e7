"""Outgoing chat: split to Twitch's 500 characters, queue per channel, respect the send rate.

Each channel has a FIFO queue and one worker. The worker waits for room in a sliding window
(``send_rate_limit`` messages per ``send_rate_window_seconds``), then sends through Helix.
A 429 waits for Twitch's ``Ratelimit-Reset`` (at least the backoff) and retries; network errors
and 5xx retry with backoff up to ``send_max_attempts``; a reply whose parent message is gone is
sent unthreaded. Nothing is dropped silently: ``is_sent: false`` and final failures are logged
with the reason.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import structlog

from adapters.twitch.helix import HelixClient, HelixError, RateLimited
from bot.config import TwitchSettings
from bot.events import Reply
from bot.format import split

__all__ = ["MESSAGE_LIMIT", "TwitchSender"]

log = structlog.get_logger("adapters.twitch.sender")

MESSAGE_LIMIT = 500


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
        helix: HelixClient,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._settings = settings
        self._helix = helix
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
            except Exception:
                log.exception("twitch.reply_failed", channel=channel)
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
        reply_to = item.reply_to
        attempts = self._settings.send_max_attempts
        for attempt in range(1, attempts + 1):
            await self._wait_for_room(item.channel)
            backoff = self._settings.send_retry_seconds * 2 ** (attempt - 1)
            try:
                result = await self._helix.send_chat_message(item.channel, item.text, reply_to)
            except RateLimited as exc:
                log.warning(
                    "twitch.reply_rate_limited",
                    channel=item.channel,
                    attempt=attempt,
                    retry_after=round(exc.retry_after, 3),
                )
                await self._sleep(max(exc.retry_after, backoff))
                continue
            except HelixError as exc:
                if exc.status == 400 and reply_to:
                    log.warning("twitch.reply_unthreaded", channel=item.channel, reply_to=reply_to)
                    reply_to = None
                    continue
                if exc.status < 500:
                    log.error(
                        "twitch.reply_refused",
                        channel=item.channel,
                        status=exc.status,
                        error=str(exc),
                        text=item.text,
                    )
                    return
                log.warning(
                    "twitch.reply_retry", channel=item.channel, error=str(exc), attempt=attempt
                )
                await self._sleep(backoff)
                continue
            except (aiohttp.ClientError, TimeoutError) as exc:
                log.warning(
                    "twitch.reply_retry", channel=item.channel, error=repr(exc), attempt=attempt
                )
                await self._sleep(backoff)
                continue
            if not result.is_sent:
                log.warning(
                    "twitch.reply_dropped",
                    channel=item.channel,
                    drop_reason=result.drop_code,
                    drop_message=result.drop_message,
                    text=item.text,
                )
            return
        log.error("twitch.reply_gave_up", channel=item.channel, attempts=attempts, text=item.text)
