"""The overlay hub: one per process, fans typed events out to every connected overlay.

It is a consumer of the outbox, like the Discord drain: a trigger announces each committed
outbox row (``kingpin_outbox``), the hub reads the row (toasts, big wins) and re-reads the live
state, diffing it against what overlays last saw (crown, standings, heists, session). A poll every
``poll_seconds`` covers a lost listener connection (database restart) until it is back.
Slow overlays never hold the hub up: each has a bounded queue and is dropped when it overflows
(the page reconnects and gets the state again).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Sequence
from typing import Any

import asyncpg
import structlog

from bot.repository import web as repo
from bot.web.events import diff_events, row_event, state_event

__all__ = ["OverlayHub"]

log = structlog.get_logger("kingpin.overlay")

CHANNEL = "kingpin_outbox"
Event = dict[str, Any]


def encode(event: Event) -> str:
    return json.dumps(event, default=str, separators=(",", ":"))


class OverlayHub:
    def __init__(
        self,
        pool: asyncpg.Pool,
        dsn: str,
        *,
        buffs: Sequence[str] = (),
        poll_seconds: float = 1.0,
        queue_size: int = 256,
    ) -> None:
        self._pool = pool
        self._dsn = dsn
        self._buffs = tuple(buffs)
        self._poll = poll_seconds
        self._queue_size = queue_size
        self._clients: set[asyncio.Queue[str | None]] = set()
        self._pending: list[int] = []
        self._wake = asyncio.Event()
        self._state: repo.LiveState | None = None
        self._listener: asyncpg.Connection | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def clients(self) -> int:
        return len(self._clients)

    async def start(self) -> None:
        self._state = await repo.live_state(self._pool)
        await self._listen()
        self._task = asyncio.create_task(self._loop(), name="overlay-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._close_listener()
        for queue in list(self._clients):
            self._offer(queue, None)
        self._clients.clear()

    def snapshot(self) -> Event:
        """The ``state`` event for a newly connected overlay."""
        state = self._state or repo.LiveState(None, None, [], None, None)
        return state_event(state, self._buffs)

    def subscribe(self) -> asyncio.Queue[str | None]:
        """A queue of encoded events (``None``: the hub is done with this client)."""
        queue: asyncio.Queue[str | None] = asyncio.Queue(self._queue_size)
        self._clients.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[str | None]) -> None:
        self._clients.discard(queue)

    def wake(self) -> None:
        self._wake.set()

    # -- internals -------------------------------------------------------------------------------

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        head, _, _kind = payload.partition(":")
        if head.isdigit():
            self._pending.append(int(head))
        self._wake.set()

    async def _listen(self) -> None:
        try:
            conn = await asyncpg.connect(self._dsn)
            await conn.add_listener(CHANNEL, self._notified)
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("overlay.listen_failed", error=type(exc).__name__)
            return
        conn.add_termination_listener(lambda _c: self._wake.set())
        self._listener = conn

    async def _close_listener(self) -> None:
        conn, self._listener = self._listener, None
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(Exception):
                await conn.close()

    def _offer(self, queue: asyncio.Queue[str | None], event: str | None) -> bool:
        try:
            queue.put_nowait(event)
            return True
        except asyncio.QueueFull:
            return False

    def publish(self, events: Sequence[Event]) -> None:
        encoded = [encode(e) for e in events]  # once, whatever the number of overlays
        for queue in list(self._clients):
            for event in encoded:
                if not self._offer(queue, event):
                    log.info("overlay.client_dropped", reason="slow")
                    self._clients.discard(queue)
                    with contextlib.suppress(asyncio.QueueEmpty):
                        queue.get_nowait()
                    self._offer(queue, None)
                    break

    async def refresh(self) -> None:
        """Read new outbox rows and the live state; publish what changed."""
        pending, self._pending = self._pending, []
        events: list[Event] = []
        for outbox_id in sorted(pending):
            row = await repo.outbox_row(self._pool, outbox_id)
            if row is not None and (event := row_event(row.kind, row.payload)) is not None:
                events.append(event)
        state = await repo.live_state(self._pool)
        events[:0] = diff_events(self._state, state, self._buffs)
        self._state = state
        if events:
            self.publish(events)

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)
            self._wake.clear()
            if self._listener is None or self._listener.is_closed():
                await self._close_listener()
                await self._listen()
            try:
                await self.refresh()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("overlay.refresh_failed", error=type(exc).__name__)
