"""Outgoing chat: one queue and one worker per channel, at most one message per interval.

A reply is flattened to one line and split into chunks of at most 500 characters at the last
space. Only the first chunk threads to ``reply_to``. Each chunk is posted with the bot's user
token; 429, 5xx and network errors back off (``Retry-After`` when Kick gives one) and retry up
to ``send_max_attempts``; a 401 refreshes the token once. A chunk that still fails is logged
with the channel and dropped, and the queue moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog

from adapters.kick.client import BotToken, KickApi, KickApiError, NoBotToken
from bot.config import KickSettings
from bot.events import Platform, Reply
from bot.format import split

__all__ = ["MAX_MESSAGE_CHARS", "ChatSender"]

MAX_MESSAGE_CHARS = 500

log = structlog.get_logger("adapters.kick.send")


class ChatSender:
    """``bot.ports.ReplySender`` for Kick."""

    def __init__(
        self,
        api: KickApi,
        token: BotToken,
        settings: KickSettings,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._api = api
        self._token = token
        self._settings = settings
        self._sleep = sleep
        self._queues: dict[str, asyncio.Queue[Reply]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._closed = False

    async def send(self, reply: Reply, /) -> None:
        if reply.platform is not Platform.KICK:
            log.warning("kick.send.wrong_platform", platform=reply.platform)
            return
        if self._closed:
            log.error("kick.send.closed", channel=reply.channel)
            return
        queue = self._queues.get(reply.channel)
        if queue is None:
            queue = self._queues[reply.channel] = asyncio.Queue()
            self._workers[reply.channel] = asyncio.create_task(
                self._work(reply.channel, queue), name=f"kick-send-{reply.channel}"
            )
        queue.put_nowait(reply)

    async def drain(self) -> None:
        """Wait until every queued reply has been handled (sent or given up on)."""
        for queue in list(self._queues.values()):
            await queue.join()

    async def close(self, *, drain_seconds: float = 5.0) -> None:
        self._closed = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.drain(), drain_seconds)
        for task in self._workers.values():
            task.cancel()
        for task in self._workers.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._workers.clear()
        self._queues.clear()

    async def _work(self, channel: str, queue: asyncio.Queue[Reply]) -> None:
        while True:
            reply = await queue.get()
            try:
                text = reply.text
                if reply.mention and not reply.reply_to:
                    text = f"@{reply.mention} {text}"
                for index, chunk in enumerate(split(text, MAX_MESSAGE_CHARS, flatten=True)):
                    await self._post(channel, chunk, reply.reply_to if index == 0 else None)
                    await self._sleep(self._settings.send_interval_seconds)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("kick.send.failed", channel=channel)
            finally:
                queue.task_done()

    async def _post(self, channel: str, content: str, reply_to: str | None) -> None:
        settings = self._settings
        delay = settings.send_backoff_seconds
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            try:
                token = await self._token.get()
            except NoBotToken:
                log.error("kick.send.no_token", channel=channel)
                return
            try:
                await self._api.post_chat(
                    token, broadcaster_user_id=channel, content=content, reply_to=reply_to
                )
                return
            except KickApiError as exc:
                if exc.status == 401 and not refreshed:
                    refreshed = True
                    try:
                        await self._token.refresh(token)
                    except (KickApiError, NoBotToken) as refresh_exc:
                        log.error(
                            "kick.send.refresh_failed", channel=channel, error=str(refresh_exc)
                        )
                        return
                    continue
                if not exc.retryable or attempt >= settings.send_max_attempts:
                    log.error(
                        "kick.send.gave_up",
                        channel=channel,
                        status=exc.status,
                        attempts=attempt,
                        error=exc.message,
                    )
                    return
                if exc.retry_after is not None:
                    wait = min(exc.retry_after, settings.send_backoff_max_seconds)
                else:
                    wait = delay
                    delay = min(delay * 2, settings.send_backoff_max_seconds)
                log.warning("kick.send.retry", channel=channel, status=exc.status, wait=wait)
                await self._sleep(wait)
