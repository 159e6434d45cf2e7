"""The outbox: side effects that leave the database, written with the command, sent after.

Writing. :func:`queue_feed` runs inside the command's transaction (``commit_resolution``): it
turns the resolution's big moments into ``outbox`` rows of kind ``feed`` with the dedupe key
``"{platform}:{event_id}:{n}"``. The rows commit with the command's effects or not at all, so a
crash never loses a moment of a committed command nor posts one of a rolled-back command.

Delivering. :class:`OutboxDrain` loops: claim a batch of due rows in one short statement
(``FOR UPDATE SKIP LOCKED``, so several drains never take the same row; claiming pushes
``available_at`` out by a lease, so a row whose drain died becomes due again), publish each
through the :class:`~bot.ports.FeedPublisher`, then mark it delivered at once. A failed publish
counts an attempt, records the error and retries after an exponential backoff; after
``max_attempts`` the row is parked (``available_at = 'infinity'``) and logged.

Exactly once, honestly. Delivery is at least once: if the process dies after the publisher
posted but before the ``delivered_at`` update commits (a window of one round trip to the
database), the next drain posts that item again. The window is kept that small by marking right
after each publish, and the Discord publisher also remembers, per process, which (outbox id,
channel) pairs it already posted, so a failed mark, a failed partial delivery or a restarted
drain in the same process does not post twice. Only a process crash inside that window can.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
import structlog

from bot.feed import FEED_KIND, feed_item, feed_moments, feed_payload, has_moments, people_in
from bot.ports import FeedPublisher
from bot.repository.titles import display_names
from bot.retry import backoff_delay
from bot.sql import QUERIES
from game import Catalogue, Effect

__all__ = ["Claimed", "OutboxDrain", "dedupe_key", "queue_feed"]

log = structlog.get_logger("kingpin.outbox")

_INSERT = QUERIES["outbox/insert"]
_CLAIM = QUERIES["outbox/claim"]
_DELIVERED = QUERIES["outbox/mark_delivered"]
_FAILED = QUERIES["outbox/mark_failed"]
_KEY_LIMIT = 200


def dedupe_key(platform: str, event_id: str, n: int) -> str:
    """``twitch:abc-123:0``; an event id too long for the column is replaced by its hash."""
    key = f"{platform}:{event_id}:{n}"
    if len(key) <= _KEY_LIMIT:
        return key
    digest = hashlib.sha256(event_id.encode()).hexdigest()
    return f"{platform}:sha256-{digest}:{n}"


async def queue_feed(
    conn: asyncpg.Connection,
    effects: Sequence[Effect],
    *,
    catalogue: Catalogue,
    platform: str,
    event_id: str,
) -> list[int]:
    """Write the feed moments of ``effects`` to the outbox; returns the new outbox ids.

    Call inside the transaction that applies ``effects``. Costs nothing when there is no
    moment. ``n`` counts moments per event; when one command commits several resolutions, a
    later one's moments continue after the earlier ones' keys (a conflicting key inside this
    transaction can only be ours: the event itself is recorded once, in the same transaction).
    """
    if not has_moments(effects):
        return []
    names = await display_names(conn, people_in(effects))  # "[Title] Name"
    ids: list[int] = []
    n = 0
    for moment in feed_moments(effects, names=names, catalogue=catalogue):
        while True:
            new_id = await conn.fetchval(
                _INSERT, FEED_KIND, feed_payload(moment), dedupe_key(platform, event_id, n)
            )
            n += 1
            if new_id is not None:
                ids.append(new_id)
                break
    return ids


@dataclass(frozen=True, slots=True)
class Claimed:
    outbox_id: int
    kind: str
    payload: dict[str, object]
    attempts: int


class OutboxDrain:
    """Delivers rows of ``kinds`` (``feed``) to ``publisher`` every ``interval`` seconds."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        publisher: FeedPublisher,
        *,
        interval: float = 1.0,
        batch: int = 20,
        max_attempts: int = 10,
        lease: float = 120.0,
        backoff: float = 5.0,
        backoff_max: float = 900.0,
        kinds: tuple[str, ...] = (FEED_KIND,),
    ) -> None:
        if batch < 1 or max_attempts < 1 or interval <= 0 or lease <= 0:
            raise ValueError("batch and max_attempts must be >= 1; interval and lease > 0")
        self._pool = pool
        self._publisher = publisher
        self._kinds = list(kinds)
        self._interval = interval
        self._batch = batch
        self._max_attempts = max_attempts
        self._lease = lease
        self._backoff = backoff
        self._backoff_max = backoff_max
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()

    def start(self) -> None:
        if self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self._loop(), name="outbox-drain")

    def wake(self) -> None:
        """Look for due rows now instead of at the next tick."""
        self._wake.set()

    async def stop(self) -> None:
        """Finish the batch in hand, then stop (rows not reached stay due for the next start)."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            task, self._task = self._task, None
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def claim(self) -> list[Claimed]:
        """Take up to ``batch`` due rows for this drain (visible to others after the lease)."""
        rows = await self._pool.fetch(_CLAIM, self._kinds, self._batch, self._lease)
        claimed = [Claimed(r["outbox_id"], r["kind"], dict(r["payload"]), r["attempts"]) for r in rows]
        return sorted(claimed, key=lambda c: c.outbox_id)

    async def run_once(self) -> int:
        """Claim one batch and deliver it; returns how many rows were delivered."""
        delivered = 0
        for row in await self.claim():
            if await self._deliver(row):
                delivered += 1
        return delivered

    async def drain(self) -> int:
        """Deliver until no row is due (or a batch delivers nothing); returns the count."""
        total = 0
        while True:
            done = await self.run_once()
            total += done
            if done < 1:
                return total

    async def _deliver(self, row: Claimed) -> bool:
        item = feed_item(row.outbox_id, row.payload)
        bound = log.bind(outbox_id=row.outbox_id, kind=item.kind, attempt=row.attempts + 1)
        try:
            await self._publisher.publish(item)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            backoff = backoff_delay(row.attempts + 1, self._backoff, self._backoff_max)
            result = await self._pool.fetchrow(
                _FAILED, row.outbox_id, repr(exc), backoff, self._max_attempts
            )
            if result is not None and result["parked"]:
                bound.error("outbox.gave_up", error=repr(exc), attempts=result["attempts"])
            else:
                bound.warning("outbox.publish_failed", error=repr(exc), retry_in=backoff)
            return False
        await self._pool.fetchval(_DELIVERED, row.outbox_id)
        bound.info("outbox.delivered")
        return True

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except (asyncpg.PostgresError, OSError) as exc:
                log.error("outbox.drain_failed", error=repr(exc))
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval)
