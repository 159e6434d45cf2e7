"""Plain chat, batched: message counters, leaderboards and chat heist tokens.

Every non-command chat line is buffered in memory and written in set-based statements, one
batch at a time, at least every ``interval`` seconds and on shutdown. A crash loses at most that
window of counters; wealth never rides on this path. Within a batch the chatters are locked in
ascending id order, the same order commands lock in, so batches and commands never deadlock.
Recently seen event ids are remembered so a redelivered chat line is not counted twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from dataclasses import dataclass

import asyncpg
import structlog

from bot.clock import Clock
from bot.events import ChatMessage, Platform
from bot.periods import periods_for
from bot.repository import heist_tokens
from bot.retry import retrying
from bot.sql import QUERIES
from game import Rules, game_day
from game import tokens as game_tokens

__all__ = ["ActivityBuffer", "FlushReport"]

log = structlog.get_logger("kingpin.activity")

_ENSURE = {p: QUERIES[f"activity/ensure_{p.value}"] for p in Platform}
_LOCK = QUERIES["activity/lock_users"]
_COUNT = QUERIES["activity/count_messages"]
_BOARD = QUERIES["activity/board_messages"]
_BALANCES = QUERIES["activity/token_balances"]
_RETRYABLE = (asyncpg.DeadlockDetectedError, asyncpg.SerializationError)


@dataclass(slots=True)
class _Chatter:
    login: str
    display: str
    messages: int = 0


@dataclass(frozen=True, slots=True)
class FlushReport:
    chatters: int
    messages: int
    tokens_granted: int


class ActivityBuffer:
    """Collects chat lines; :meth:`flush` writes them; :meth:`run` flushes on a timer."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        rules: Rules,
        clock: Clock,
        interval: float = 0.25,
        seen_ids: int = 100_000,
    ) -> None:
        self._pool = pool
        self._rules = rules
        self._clock = clock
        self._interval = interval
        self._pending: dict[tuple[Platform, str], _Chatter] = {}
        self._seen: OrderedDict[tuple[Platform, str], None] = OrderedDict()
        self._seen_cap = seen_ids
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self.messages_total = 0

    def add(self, event: ChatMessage) -> None:
        key = (event.platform, event.event_id)
        if key in self._seen:
            return
        self._seen[key] = None
        if len(self._seen) > self._seen_cap:
            self._seen.popitem(last=False)
        sender = event.sender
        chatter = self._pending.get((event.platform, sender.user_id))
        if chatter is None:
            chatter = self._pending[(event.platform, sender.user_id)] = _Chatter(
                (sender.login or sender.user_id)[:100], (sender.display_name or sender.login)[:100]
            )
        else:
            chatter.login, chatter.display = (sender.login or chatter.login)[:100], (sender.display_name or chatter.display)[:100]
        chatter.messages += 1

    @property
    def pending_messages(self) -> int:
        return sum(c.messages for c in self._pending.values())

    async def flush(self) -> FlushReport:
        """Write everything buffered so far (a failed batch is put back and retried later)."""
        async with self._lock:
            batch, self._pending = self._pending, {}
            if not batch:
                return FlushReport(0, 0, 0)
            try:
                report = await self._write(batch)
            except Exception:
                self._merge_back(batch)
                raise
            self.messages_total += report.messages
            return report

    def _merge_back(self, batch: dict[tuple[Platform, str], _Chatter]) -> None:
        for key, chatter in batch.items():
            current = self._pending.get(key)
            if current is None:
                self._pending[key] = chatter
            else:
                current.messages += chatter.messages

    async def _write(self, batch: dict[tuple[Platform, str], _Chatter]) -> FlushReport:
        now = self._clock.now()
        day = game_day(now, self._rules)
        types, starts, ends = periods_for(day)
        async with self._pool.acquire() as conn:
            counts: dict[int, int] = {}
            for platform in Platform:
                keys = [k for k in batch if k[0] is platform]
                if not keys:
                    continue
                ids = [k[1] for k in keys]
                rows = await conn.fetch(
                    _ENSURE[platform], ids, [batch[k].login for k in keys], [batch[k].display for k in keys]
                )
                by_pid = {r["platform_user_id"]: r["user_id"] for r in rows}
                for k in keys:
                    uid = by_pid.get(k[1])
                    if uid is not None:
                        counts[uid] = counts.get(uid, 0) + batch[k].messages
            user_ids = sorted(counts)
            messages = [counts[u] for u in user_ids]
            async for attempt in retrying(_RETRYABLE, attempts=3):
                with attempt:
                    async with conn.transaction():
                        await conn.fetch(_LOCK, user_ids)
                        await conn.execute(_COUNT, user_ids, messages, now)
                        daily = await conn.fetch(_BOARD, user_ids, messages, types, starts, ends)
                        granted = await self._grant_tokens(conn, daily, counts)
        return FlushReport(len(user_ids), sum(messages), granted)

    async def _grant_tokens(
        self, conn: asyncpg.Connection, daily: list[asyncpg.Record], counts: dict[int, int]
    ) -> int:
        per_token = self._rules.tokens.chat_messages_per_token
        due_ids = [
            r["user_id"]
            for r in daily
            if r["messages_sent"] // per_token > (r["messages_sent"] - counts[r["user_id"]]) // per_token
        ]
        if not due_ids:
            return 0
        balances = {r["user_id"]: r["balance"] for r in await conn.fetch(_BALANCES, due_ids)}
        after = {r["user_id"]: r["messages_sent"] for r in daily}
        granted = 0
        for uid in sorted(due_ids):
            tokens = game_tokens.chat_tokens_due(after[uid] - counts[uid], after[uid], balances.get(uid, 0), self._rules)
            if tokens > 0:
                await heist_tokens.earn(conn, uid, tokens)
                granted += tokens
        return granted

    async def run(self) -> None:
        """Flush every ``interval`` seconds until cancelled; then flush what is left."""
        try:
            while True:
                await asyncio.sleep(self._interval)
                try:
                    await self.flush()
                except (asyncpg.PostgresError, OSError) as exc:
                    log.error("activity.flush_failed", error=repr(exc))
        finally:
            with contextlib.suppress(Exception):
                await self.flush()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="kingpin-activity")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.flush()
